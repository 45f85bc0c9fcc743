# La posta di Ayuda ai clienti, in italiano.

acknowledgement-subject = Abbiamo ricevuto il tuo messaggio: { $subject }
acknowledgement-body =
    Buongiorno,

    grazie per averci scritto. Abbiamo ricevuto il tuo messaggio e lo abbiamo registrato con il numero { $number }. Uno specialista ti risponderà il prima possibile.

    Se vuoi aggiungere qualcosa, rispondi a questa email senza cambiare l'oggetto.

    Cordiali saluti,
    Il servizio clienti
