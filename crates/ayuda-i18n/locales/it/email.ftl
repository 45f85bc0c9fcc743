# La posta di Ayuda ai clienti, in italiano.

acknowledgement-subject = Abbiamo ricevuto il tuo messaggio: { $subject }
acknowledgement-body =
    Buongiorno,

    grazie per averci scritto. Abbiamo ricevuto il tuo messaggio e lo abbiamo registrato con il numero { $number }. Uno specialista ti risponderà il prima possibile.

    Se vuoi aggiungere qualcosa, rispondi a questa email senza cambiare l'oggetto.

    Cordiali saluti,
    Il servizio clienti

sign-in-link-subject = Il tuo link per accedere
sign-in-link-body =
    Buongiorno,

    qualcuno, probabilmente tu, ha chiesto di accedere al nostro portale di assistenza con questo indirizzo. Apri questo link per accedere:

    { $link }

    Il link funziona una sola volta, per { $minutes } minuti. Se non l'hai chiesto tu, ignora questa email: senza il link non succede nulla.

    Cordiali saluti,
    Il servizio clienti

survey-subject = Come siamo andati? { $subject }
survey-body =
    Salve,

    La sua richiesta numero { $number }, «{ $subject }», è stata risolta. Quanto è soddisfatto del nostro aiuto? Basta un clic:

    { $links }

    Dopo la valutazione può aggiungere un commento. Grazie per il suo tempo.

    Cordiali saluti,
    Assistenza clienti
survey-rating-1 = 1 - Per niente soddisfatto
survey-rating-2 = 2 - Poco soddisfatto
survey-rating-3 = 3 - Né soddisfatto né insoddisfatto
survey-rating-4 = 4 - Soddisfatto
survey-rating-5 = 5 - Molto soddisfatto

# La posta di Ayuda agli agenti: ciò che è stato loro notificato nello spazio di lavoro, dei tipi scelti.
agent-notice-subject = { $count ->
    [one] { $first }
   *[other] { $count } nuove notifiche
}
agent-notice-greeting = Ciao { $name },
agent-notice-intro = ecco cosa è successo sui tuoi ticket:
agent-notice-more = { $count ->
    [one] e 1 altra nelle tue notifiche.
   *[other] e altre { $count } nelle tue notifiche.
}
agent-notice-footer = Ricevi questa email per le notifiche che hai scelto nella pagina delle preferenze di Ayuda.
