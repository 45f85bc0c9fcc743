# L'area di lavoro degli agenti e il portale clienti, in italiano.

## Date e ore

datetime = { $day } { $month } { $year }, { $time }
date = { $day } { $month } { $year }
ago-now = adesso
ago-minutes = { $n ->
    [one] 1 minuto fa
   *[other] { $n } minuti fa
}
ago-hours = { $n ->
    [one] 1 ora fa
   *[other] { $n } ore fa
}
ago-days = { $n ->
    [one] 1 giorno fa
   *[other] { $n } giorni fa
}
month-1 = gen
month-2 = feb
month-3 = mar
month-4 = apr
month-5 = mag
month-6 = giu
month-7 = lug
month-8 = ago
month-9 = set
month-10 = ott
month-11 = nov
month-12 = dic

## La cornice di ogni pagina

page-title = { $title } · Ayuda
skip-to-content = Vai al contenuto
nav-views = Viste
sign-out = Esci
back-to-workspace = Torna all'area di lavoro
next-page = Pagina successiva

## Errori

error-not-found = Non trovato
error-forbidden = Non puoi farlo
error-invalid = Non si può salvare così
error-internal = Qualcosa non ha funzionato da parte nostra; riprova
error-expired-form = Questo modulo è scaduto; ricarica la pagina e riprova

## Accesso

sign-in-title = Accedi
sign-in-email = Email
sign-in-password = Password
sign-in-submit = Accedi
sign-in-failed = L'email o la password non sono corrette.
sign-in-throttled = { $minutes ->
    [one] Troppi tentativi falliti. Riprova tra 1 minuto.
   *[other] Troppi tentativi falliti. Riprova tra { $minutes } minuti.
}

## Viste

view-mine = I miei ticket aperti
view-unassigned = Non assegnati nei miei gruppi
view-open = Tutti gli aperti
view-pending = In attesa
view-recent = Aggiornati di recente
view-empty = Nessun ticket qui.
column-number = Numero
column-subject = Oggetto
column-requester = Cliente
column-status = Stato
column-priority = Priorità
column-updated = Aggiornato

## Valori

status-new = Nuovo
status-open = Aperto
status-pending = In attesa
status-on_hold = Sospeso
status-solved = Risolto
status-closed = Chiuso
priority-low = Bassa
priority-normal = Normale
priority-high = Alta
priority-urgent = Urgente
kind-reply = Risposta
kind-note = Nota interna
kind-phone_call = Telefonata
kind-letter = Lettera
kind-visit = Visita
kind-fax = Fax

## La pagina del ticket

compose-kind = Scrivi
compose-reply = Rispondi al cliente
compose-note = Nota interna
compose-body = Messaggio
compose-send = Invia
ticket-properties = Proprietà del ticket
ticket-save = Salva
customer-panel = Cliente
customer-language = Lingua: { $language }
message-formatted = L'email così come è stata inviata, formattata
presence-viewing = { $name } sta guardando questo ticket
presence-replying = { $name } sta scrivendo una risposta
compose-crossing = È arrivato un nuovo messaggio mentre scrivevi. Leggilo, poi invia di nuovo.

## Il pannello del cliente e la cronologia

channel-email = Email
channel-web = Web
channel-phone = Telefono
channel-fax = Fax
channel-postal = Lettera
channel-in_person = Di persona
channel-chat = Chat
channel-api = API
identity-email = Email
identity-phone = Telefono
identity-fax = Fax
type-question = Domanda
type-incident = Incidente
type-problem = Problema
type-task = Attività
type-complaint = Reclamo
type-sales_inquiry = Richiesta commerciale
field-status = Stato
field-priority = Priorità
field-subject = Oggetto
field-tags = Etichette
field-language = Lingua
field-type = Tipo
field-assignee = Assegnatario
field-group = Gruppo
customer-organization = Organizzazione: { $organization }
customer-other-tickets = Altri ticket
customer-no-other-tickets = Nessun altro ticket.
ticket-history = Cronologia
history-count = { $n ->
    [one] 1 modifica
   *[other] { $n } modifiche
}
history-system = Ayuda
history-created = ha aperto il ticket
history-message = ha aggiunto un messaggio ({ $kind })
history-field = ha cambiato { $field } da { $from } a { $to }
history-empty-value = niente
sla-metric-first_response = prima risposta
sla-metric-next_response = risposta successiva
sla-metric-resolution = risoluzione
sla-panel = Livello di servizio
sla-due = scade il { $when }
sla-breached = scaduto dal { $when }
sla-met = rispettato il { $when }
sla-met-late = rispettato in ritardo, il { $when }
sla-paused = in pausa mentre il ticket attende
sla-not-started = dovuta quando il cliente riscrive
notifications-title = Notifiche
notifications-unread = { $count } non lette
notifications-empty = Ancora niente: qui ricevi un avviso quando ti viene assegnato un ticket, un cliente risponde, una scadenza dello SLA si avvicina o passa, o un ticket viene inoltrato a te.
notifications-read-all = Segna tutto come letto
notification-assigned = Ti è stato assegnato { $ticket }
notification-customer_replied = Il cliente ha risposto su { $ticket }
notification-sla_warning = L'obiettivo di { $metric } di { $ticket } scade presto
notification-sla_breach = L'obiettivo di { $metric } di { $ticket } è stato mancato
notification-escalated = Ti è stato inoltrato { $ticket }: { $detail }
notification-rule = { $ticket }: { $detail }
history-sla-warning = ha avvisato che l'obiettivo di { $metric } scade il { $due }
history-sla-breach = ha registrato che l'obiettivo di { $metric } è stato mancato (scadeva il { $due })
history-escalated = ha inoltrato il ticket a { $to }: { $reason }
customer-more-tickets = Sono mostrati solo i dieci più recenti.

## Il portale clienti

portal-sign-in-title = Accedi alle tue richieste di assistenza
nav-portal = Le tue richieste
portal-my-requests = Le mie richieste
portal-empty = Non hai ancora richieste.
portal-support-team = Servizio clienti
portal-reply-label = La tua risposta
portal-solve-explained = La tua richiesta è stata risolta in modo soddisfacente?
portal-solve = Segna come risolta
back-to-portal = Torna alle tue richieste

## Registrare un contatto non arrivato per email

compose-log-contact = Oppure registra una telefonata, lettera, visita o fax
compose-log-kind = Che cosa è successo
compose-direction = Chi ha preso contatto
direction-inbound = Il cliente ci ha contattato
direction-outbound = Abbiamo contattato il cliente
compose-shared = Mostralo anche al cliente

## Aprire un ticket a mano

new-ticket-title = Nuovo ticket
new-ticket-who = Il cliente
new-ticket-email = La sua email
new-ticket-name = Il suo nome
new-ticket-channel = Come ci ha contattato
new-ticket-summary = Che cosa ha detto (un riassunto della telefonata, lettera, fax o visita)
new-ticket-language-detect = Rileva dal testo
new-ticket-submit = Apri il ticket
portal-new-request = Nuova richiesta
portal-request-subject = Di che cosa si tratta?
portal-request-body = Raccontaci di più
portal-request-files = File (foto, fatture, documenti; fino a 10)
portal-request-send = Invia la richiesta

## Accesso in due passaggi e preferenze

sign-in-code = Codice della tua app di autenticazione
sign-in-code-help = Solo se hai attivato l'accesso in due passaggi.
sign-in-failed-agent = L'email, la password o il codice non sono corretti.
preferences-title = Le tue preferenze
preferences-language = Lingua dell'area di lavoro
preferences-language-browser = Come il mio browser
preferences-time-zone = Fuso orario (per esempio Europe/Rome)
preferences-save = Salva
preferences-saved = Salvato.
password-title = Cambia la tua password
password-current = Password attuale
password-new = Nuova password (almeno 10 caratteri)
password-save = Cambia la password
password-changed = La tua password è cambiata.
totp-title = Accesso in due passaggi
totp-off = L'accesso in due passaggi è disattivato. Aggiungi questa chiave a un'app di autenticazione, poi inserisci il codice che mostra.
totp-key = Chiave
totp-address = Oppure importa questo indirizzo
totp-code = Codice dell'app
totp-enable = Attiva l'accesso in due passaggi
totp-on = L'accesso in due passaggi è attivo: per entrare serve il codice della tua app.
totp-disable = Disattiva l'accesso in due passaggi
totp-enabled = L'accesso in due passaggi è attivo.
totp-disabled = L'accesso in due passaggi è disattivato.

## Azioni in blocco

bulk-legend = Modifica i ticket selezionati
bulk-keep = Lascia com'è
bulk-assign-me = A me
bulk-assign-nobody = A nessuno
bulk-no-group = Nessun gruppo
bulk-add-tag = Aggiungi un'etichetta
bulk-apply = Applica
bulk-select = Seleziona
bulk-select-ticket = Seleziona il ticket { $number }
bulk-changed = { $n ->
    [one] 1 ticket modificato.
   *[other] { $n } ticket modificati.
}
bulk-failed = { $n ->
    [one] 1 ticket non è stato modificato.
   *[other] { $n } ticket non sono stati modificati.
}
tags-help = Separate da virgole.

## Risposte predefinite

canned-title = Risposte predefinite
canned-placeholders = Segnaposto riempiti dal ticket: { $placeholders }
canned-new = Nuova risposta predefinita
canned-name = Nome
canned-body = Testo
canned-add = Aggiungi
canned-delete = Elimina
canned-empty = Ancora nessuna risposta predefinita.
canned-insert-label = Inserisci una risposta predefinita
canned-insert = Inserisci

## Ticket collegati e uniti

relations-title = Ticket correlati
relations-none = Nessun ticket collegato.
relations-link-number = Collega al ticket numero
relations-link-kind = Come
relations-link = Collega
relations-merge-into = Unisci questo ticket al numero
relations-merge-help = Per un duplicato: questo ticket viene chiuso e una nota su entrambi racconta l'unione.
relations-merge = Unisci
macro-label = Macro
macro-apply = Applica
escalate-title = Inoltra
escalate-to = Inoltra a
escalate-next-tier = Il livello successivo
escalate-reason = Motivo
escalate-help = Chi lo riceve sa perché; la cronologia del ticket lo conserva.
escalate-submit = Inoltra
availability-title = Disponibilità
availability-label = Sono
availability-available = Disponibile
availability-away = Assente
availability-off = Non in servizio
availability-away-from = Fuori ufficio dal
availability-away-until = Di ritorno il
availability-period-help = Orari come 2026-12-24T09:00:00Z; lasciali vuoti se non ti assenti.
availability-save = Imposta
email-notices-title = Mandami un'email quando
email-notice-assigned = mi viene assegnato un ticket
email-notice-customer_replied = un cliente risponde su un mio ticket
email-notice-sla_warning = una scadenza SLA di un mio ticket è vicina
email-notice-sla_breach = una scadenza SLA di un mio ticket è mancata
email-notice-escalated = mi viene inoltrato un ticket
email-notice-rule = una regola chiede di avvisarmi
email-notices-help = Un'email riassume ciò che è successo dalla precedente; ciò che hai già letto qui non è incluso. Lo spazio di lavoro ti avvisa comunque di tutto.
email-notices-save = Salva
merged-into = Unito a { $ticket }
merge-note-from = Unito al ticket { $number }, che prosegue.
merge-note-into = Il ticket { $number } è stato unito a questo.
link-related = correlato
link-parent = fa parte di questo
link-child = questo ne fa parte
link-follow_up = questo ne è il seguito

## Registrarsi e accedere al portale con un link
portal-link-heading = Oppure accedi con un link via email
portal-link-submit = Inviami un link
portal-sign-up-prompt = Sei nuovo?
portal-sign-up-title = Crea un account
portal-sign-up-help = Ti invieremo un link via email. Aprendolo crei il tuo account e accedi; poi potrai scegliere una password.
portal-sign-up-name = Il tuo nome
portal-sign-up-have-account = Ho già un account
portal-sign-up-bad-name = Indica il tuo nome, per favore.
portal-sign-up-bad-email = Questo indirizzo email non sembra corretto.
portal-link-sent-title = Controlla la tua email
portal-link-sent = Se { $email } può usare questo portale, gli abbiamo inviato un link. Il link funziona una sola volta, per { $minutes } minuti.
portal-link-back = Torna all'accesso
portal-link-title = Accedi con il tuo link
portal-link-help = Premi il pulsante per accedere.
portal-link-continue = Accedi
portal-link-failed = Questo link non funziona: è già stato usato, è scaduto o è stato copiato solo in parte.
portal-link-again = Chiedi un nuovo link
portal-account-title = Il mio account
portal-account-email = Accedi come { $email }.
portal-account-password-heading = Password
portal-account-password-help =
    { $count ->
        [one] Con una password di almeno { $count } carattere puoi accedere anche senza link.
       *[other] Con una password di almeno { $count } caratteri puoi accedere anche senza link.
    }
portal-account-password = Nuova password
portal-account-save = Salva la password
portal-account-password-short =
    { $count ->
        [one] La password deve avere almeno { $count } carattere.
       *[other] La password deve avere almeno { $count } caratteri.
    }

## Attachments on replies and logged contacts
compose-files = Allega file (fino a 10)
new-ticket-files = Allegati: una lettera scansionata, un fax, foto (fino a 10)

## Custom fields on the ticket page
field-no-value = (nessuno)

## Amministrazione
admin-title = Amministrazione
admin-agents = Agenti
admin-agents-about = Chi lavora nell'assistenza: ruolo, gruppi, lingue e competenze.
admin-agents-new = Aggiungi un agente
admin-agents-edit = Modifica un agente
admin-groups = Gruppi
admin-groups-about = I team a cui vengono indirizzati i ticket.
admin-groups-new = Aggiungi un gruppo
admin-groups-edit = Modifica un gruppo
admin-organizations = Organizzazioni
admin-organizations-about = Le aziende dei clienti, riconosciute dai loro domini email.
admin-organizations-new = Aggiungi un'organizzazione
admin-organizations-edit = Modifica un'organizzazione
admin-contacts = Contatti
admin-contacts-about = I clienti, con i loro indirizzi email e numeri di telefono.
admin-contacts-new = Aggiungi un contatto
admin-contacts-edit = Modifica un contatto
admin-fields = Campi personalizzati
admin-fields-about = Campi propri su ticket, contatti e organizzazioni.
admin-fields-new = Aggiungi un campo personalizzato
admin-fields-edit = Modifica un campo personalizzato
admin-mailboxes = Caselle di posta
admin-mailboxes-about = Gli indirizzi di assistenza a cui arriva la posta e gli account IMAP da cui viene prelevata.
admin-mailboxes-new = Aggiungi una casella
admin-mailboxes-edit = Modifica una casella
admin-canned = Risposte predefinite
admin-canned-about = Risposte che gli agenti inseriscono nei messaggi, in ogni lingua.
admin-rules = Regole e macro
admin-rules-about = Trigger, automazioni a tempo e macro: ciò che succede ai ticket senza che nessuno lo dimentichi.
rules-triggers = Trigger
rules-triggers-about = Agiscono quando succede qualcosa a un ticket: creato, modificato, il cliente risponde, una scadenza SLA si avvicina o passa.
rules-automations = Automazioni
rules-automations-about = Agiscono sui ticket rimasti abbastanza a lungo in uno stato, come un promemoria dopo cinque giorni in attesa.
rules-macros = Macro
rules-macros-about = Modifiche e una risposta in ogni lingua che un agente applica a un ticket con un clic.
rules-new-triggers = Aggiungi un trigger
rules-new-automations = Aggiungi un'automazione
rules-new-macros = Aggiungi una macro
rules-when = Quando
rules-waited = { $status } da { $hours } h
rules-active = Attiva
rules-position = Ordine (la più bassa agisce per prima)
rules-event = Quando
rules-status = Ticket nello stato
rules-idle-hours = Senza modifiche da (ore)
rules-all = Se valgono tutte queste
rules-any = e almeno una di queste
rules-field = Campo
rules-operator = Confronto
rules-value = Valore
rules-conditions-help = Orario lavorativo: within (dentro) o outside (fuori). Valori per nome: uno stato, una priorità, un tipo o un canale (open, urgent, complaint, email), un gruppo o un agente come si chiamano qui, un codice di lingua (es), un tag, parole dell'oggetto o del messaggio. Un valore vuoto significa nessuno.
rules-actions = Allora
rules-action = Azione
rules-target = A
rules-text = Tag, nota o motivo
rules-actions-help = I tag si separano con virgole. Per avvisare qualcuno, scegli l'agente (nessuno significa l'assegnatario) e scrivi la nota. Per inoltrare, scegli il livello successivo, un gruppo o un agente, e scrivi il motivo.
rules-mail = Email al cliente
rules-mail-help = Inviata nella lingua del ticket se scritta in essa, altrimenti in inglese, altrimenti nella prima lingua compilata.
rules-subject = oggetto
rules-mail-text = testo
rules-webhook = Indirizzo del webhook (un POST firmato con il ticket)
rules-macro-text = Testo della risposta
rules-note = Il testo è una nota interna
rules-delete = Elimina
rules-api-only = Questa regola ha più email, webhook o agenti da avvisare di quanti ne contenga questo modulo; modificala tramite l'API.
trigger-event-ticket_created = Viene creato un ticket
trigger-event-ticket_updated = Un ticket cambia
trigger-event-customer_replied = Il cliente risponde
trigger-event-sla_warning = Una scadenza SLA si avvicina
trigger-event-sla_breach = Una scadenza SLA è mancata
condition-status = Stato
condition-priority = Priorità
condition-type = Tipo
condition-channel = Canale
condition-group = Gruppo
condition-assignee = Assegnatario
condition-language = Lingua
condition-tag = Tag
condition-service_tier = Livello di servizio
condition-subject = Oggetto
condition-message = Messaggio
condition-sla_metric = Obiettivo SLA
condition-business_hours = Orario lavorativo
operator-is = è
operator-is_not = non è
operator-contains = contiene
operator-not_contains = non contiene
action-set_status = Imposta lo stato
action-set_priority = Imposta la priorità
action-set_type = Imposta il tipo
action-set_group = Sposta nel gruppo
action-assign = Assegna a
action-add_tags = Aggiungi tag
action-remove_tags = Rimuovi tag
action-notify = Avvisa un agente
action-escalate = Inoltra
action-email_customer = Scrivi al cliente
action-webhook = Chiama un webhook
admin-roles = Ruoli
admin-roles-about = Cosa possono fare amministratori, supervisori e agenti.
admin-roles-help = I ruoli sono fissi; ecco cosa l'applicazione consente a ciascuno. Ogni agente lavora sui ticket dei suoi gruppi, su quelli senza gruppo e su quelli assegnati a lui; supervisori e amministratori su tutti.
admin-tokens = Token API di altri
admin-what = Cosa
admin-may-list = elencare
admin-may-read = vedere
admin-may-create = aggiungere
admin-may-update = modificare
admin-may-nothing = niente
admin-settings = Impostazioni
admin-settings-about = Le impostazioni con cui funziona questo server.
admin-settings-help = Queste impostazioni vengono dal file di configurazione del server (ayuda.toml), dalle sue opzioni e dal suo ambiente; modificale lì e riavvia il server.
admin-setting-public-url = Indirizzo pubblico, per i link nelle email
admin-setting-from = Mittente quando un ticket non ha casella
admin-setting-acknowledge = Conferma di ricezione per i nuovi ticket via email
admin-setting-closed-reply = Una risposta a un ticket chiuso
admin-setting-inline-raw = Email originali conservate nel database fino a
admin-setting-unset = (non impostato)
admin-closed-reply-follow_up = apre un ticket di seguito
admin-closed-reply-reopen = riapre il ticket
admin-yes = Sì
admin-no = No
admin-empty = Ancora niente qui.
admin-name = Nome
admin-email = Email
admin-role = Ruolo
admin-groups-field = Gruppi
admin-active = Attivo
admin-description = Descrizione
admin-kind = Tipo
admin-routing-mode = Assegnazione
routing-mode-manual = A mano: gli agenti prendono i ticket dalla coda
routing-mode-round_robin = A turno (round-robin)
routing-mode-least_loaded = All'agente meno carico
admin-match-language = Solo ad agenti che parlano la lingua del ticket
admin-routing-skills = Competenze per l'assegnazione
admin-routing-skills-help = Separate da virgole; un ticket con una di esse come etichetta va a un agente che la possiede.
admin-requeue-when-away = I ticket degli agenti assenti tornano in coda
admin-group-tier = Livello
admin-group-tier-help = 1 per la prima linea, 2 per la seconda, 3 per i supervisori.
admin-escalates-to = Inoltra a
admin-tier = Livello di servizio
admin-domains = Domini email
admin-domains-help = Separati da virgole, come acme.example, acme.example.org
admin-shared-tickets = I suoi membri vedono i ticket degli altri nel portale
admin-notes = Note
admin-identities = Indirizzi email e numeri di telefono
admin-identities-help = Uno per riga, come «email: ana@example.com» o «phone: +39 300 000 0000».
admin-language-help = Un codice di lingua come en, es o it.
admin-organization = Organizzazione
admin-languages = Lingue
admin-skills = Competenze
admin-list-help = Separate da virgole.
admin-password = Password
admin-password-help = Facoltativa: senza, l'agente non può accedere finché non gli viene impostata una password dalla riga di comando.
admin-label = Etichetta
admin-key = Chiave
admin-key-help = Come lo chiama l'API: lettere minuscole, cifre e _, come order_number. Non si può cambiare in seguito.
admin-entity = Su
admin-entity-ticket = Ticket
admin-entity-contact = Contatti
admin-entity-organization = Organizzazioni
admin-field-kind = Tipo
admin-field-kind-text = Testo
admin-field-kind-number = Numero
admin-field-kind-date = Data
admin-field-kind-select = Scelta
admin-field-kind-checkbox = Casella di spunta
admin-required = Obbligatorio
admin-options = Scelte
admin-options-help = Per una scelta: i suoi valori, separati da virgole.
admin-position = Posizione
admin-address = Indirizzo
admin-imap = Account IMAP
admin-mailbox-name-help = Un nome breve, usato dal comando mail-in.
admin-imap-host = Server IMAP
admin-imap-help = Lascia vuoto per una casella che il tuo server di posta consegna direttamente ad Ayuda.
admin-imap-port = Porta
admin-imap-tls = Sicurezza della connessione
admin-imap-user = Utente
admin-imap-password = Password
admin-imap-password-help = La password dell'account IMAP.
admin-imap-password-kept = Lascia vuoto per conservare la password salvata.
admin-imap-folder = Cartella da cui prelevare
admin-imap-processed = Cartella in cui spostare la posta prelevata
admin-imap-processed-help = Lascia vuoto per segnare la posta prelevata come letta dove si trova.
role-admin = Amministratore
role-supervisor = Supervisore
role-agent = Agente
organization-kind-consumer = Consumatore
organization-kind-retailer = Dettagliante
organization-kind-wholesaler = Grossista
organization-kind-other = Altro
service-tier-basic = Base
service-tier-standard = Standard
service-tier-premium = Premium
service-tier-enterprise = Enterprise

## Saved views
saved-views-title = Viste salvate
saved-views-none = Ancora nessuna vista salvata.
saved-view-new = Salva una vista
saved-view-name = Nome della vista
saved-view-any = Qualsiasi
saved-view-my-groups = I miei gruppi, o nessuno
saved-view-tag = Con l'etichetta
saved-view-shared = Condividila con tutti gli agenti
saved-view-save = Salva la vista
saved-view-delete = Elimina questa vista

## When a logged contact took place
compose-occurred = Quando è avvenuto (la tua ora; vuoto per adesso)

## Search
search-title = Ricerca
search-label = Cerca
search-placeholder = Cerca ticket, persone, articoli…
search-help = Parole, "frasi esatte" e -parole escluse; filtri: status:open priority:high group:fatturazione assignee:me lang:it in:ticket|article|contact|organization
search-go = Cerca
search-nothing = Nessun risultato.
search-corrections = Cercato anche: { $words }
search-kind-ticket = Ticket
search-kind-message = Messaggio
search-kind-contact = Contatto
search-kind-organization = Organizzazione
search-kind-article = Articolo

## Knowledge base
kb-title = Base di conoscenza
kb-empty = Ancora nessun articolo qui.
kb-filter = Filtra
kb-category = Categoria
kb-no-category = Nessuna categoria
kb-category-name = Nome in { $language }
kb-category-parent = Dentro la categoria
kb-new-category = Nuova categoria
kb-add-category = Aggiungi la categoria
kb-visibility = Chi può leggerlo
kb-visibility-public = Pubblico (anche i clienti)
kb-visibility-internal = Interno (solo agenti)
kb-visibility-training = Formazione (solo agenti)
kb-status = Stato
kb-status-draft = Bozza
kb-status-published = Pubblicato
kb-status-archived = Archiviato
kb-article-title = Titolo
kb-body = Testo
kb-body-help = Testo semplice, con una riga vuota tra i paragrafi, oppure HTML. Le bozze le vedono solo gli agenti; i supervisori pubblicano.
kb-files = File e immagini
kb-no-files = Nessun file allegato.
kb-files-add = Allega file
kb-files-help = Poi ogni traduzione può mostrare le immagini: metti nel testo l'HTML dell'immagine indicato accanto.
kb-files-upload = Allega
kb-file-insert = Inserisci nel testo
kb-translations = Traduzioni
kb-views = Visite
kb-helpful = Utile / no
kb-view-count = { $n ->
    [one] { $n } visita
   *[other] { $n } visite
}
kb-deflection-count = { $n ->
    [one] { $n } richiesta risolta prima dell'invio
   *[other] { $n } richieste risolte prima dell'invio
}
kb-new-article = Nuovo articolo
kb-create = Crea l'articolo
kb-settings = Categoria e lettori
kb-edit-language = Modifica { $language }
kb-translate-into = Traduci in { $language }
kb-edit-title = Articolo in { $language }
kb-source = Accanto: { $language }
kb-no-source = Ancora nessun'altra traduzione
kb-save = Salva una nuova versione
kb-versions = Versioni
kb-no-versions = Ancora nessuna versione salvata.
kb-version = Versione { $n }
kb-training-title = Formazione
kb-training-progress = Completati: { $done }
kb-training-empty = Ancora nessun materiale di formazione.
kb-training-todo = Da completare
kb-training-done-at = Completato il { $when }
kb-training-complete = L'ho completato
kb-gaps-title = Lacune di conoscenza
kb-gaps-misses = Ricerche senza risultati (ultimi 30 giorni)
kb-gaps-no-misses = Ogni ricerca ha trovato qualcosa.
kb-gaps-words = Parole
kb-gaps-count = Volte
kb-gaps-who = Cercato da
kb-gaps-customers = Clienti
kb-gaps-agents = Agenti
kb-gaps-last = Ultima ricerca
kb-gaps-unhelped = Ticket risolti senza alcun articolo (ultimi 30 giorni)
kb-gaps-no-unhelped = Ogni ticket risolto ha usato un articolo.

## Knowledge on the ticket page
knowledge-panel = Conoscenza
knowledge-find = Trova un articolo
knowledge-suggested = Suggeriti per questo ticket
knowledge-found = Articoli trovati
knowledge-no-suggestions = Nessun articolo suggerito per questo ticket.
knowledge-insert-link = Inserisci il link
knowledge-insert-text = Inserisci il testo

## Announcements
announcements-title = Annunci
announcements-empty = Nessun annuncio.
announcements-new = Nuovo annuncio
announcements-publish = Annuncialo a tutti gli agenti
announcements-acknowledge = L'ho letto
announcements-read-at = Letto il { $when }
announcements-readership = Chi l'ha letto
announcements-all-read = Tutti gli agenti l'hanno letto.
announcements-unread-count = { $n ->
    [one] { $n } agente non l'ha ancora letto
   *[other] { $n } agenti non l'hanno ancora letto
}
announcements-read-count = { $n ->
    [one] { $n } agente l'ha letto
   *[other] { $n } agenti l'hanno letto
}

## Knowledge base in the portal
portal-kb-title = Articoli di aiuto
portal-kb-search = Cerca negli articoli di aiuto e nelle sue richieste
portal-kb-empty = Ancora nessun articolo di aiuto.
portal-kb-other-languages = Anche in:
portal-kb-helpful-question = Questo articolo le è stato utile?
portal-kb-helpful-yes = Sì
portal-kb-helpful-no = No
portal-kb-thanks = Grazie per avercelo detto.
portal-kb-answered-question = Ha risposto alla richiesta che stava scrivendo?
portal-kb-answered-yes = Sì, non ho bisogno di inviarla
portal-kb-answered = Siamo contenti di esserle stati utili
portal-kb-answered-text = La sua richiesta non è stata inviata. Se le serve altro aiuto, può scriverci quando vuole.
portal-suggestions-title = Questi articoli potrebbero rispondere alla sua domanda

# Le pagine del sondaggio di soddisfazione.
survey-title = La sua opinione
survey-thanks = Grazie! Ha valutato il nostro aiuto { $rating } su 5.
survey-already-rated = Ha già valutato questa richiesta ({ $rating } su 5). Grazie: teniamo la sua prima risposta.
survey-not-valid = Questo link del sondaggio non è valido. Usi il link della sua email così com'è.
survey-confirm = Prema il pulsante per inviare la sua valutazione.
survey-confirm-button = Invia valutazione
survey-comment-label = Vuole aggiungere qualcosa? (facoltativo)
survey-comment-send = Invia commento
survey-comment-thanks = Grazie per il suo commento.
survey-comment-had = Abbiamo già il suo commento. Grazie.
survey-comment-again = La sua valutazione è registrata. Può ancora aggiungere un commento.
survey-comment-invalid = Scriva un commento di al massimo 4000 caratteri.

# Reports.
report-title = Report
report-from = Dal
report-to = Al
report-interval = Periodo
report-interval-auto = Automatico
report-interval-day = Giorni
report-interval-week = Settimane
report-interval-month = Mesi
report-all = Tutti
report-show = Mostra
report-none = Nessuno
report-cohort = Le cifre contano i ticket creati nel periodo, come sono ora. I tempi sono ore di calendario.
report-table = Tabella
report-csv = Scarica CSV
report-comments = Commenti
report-no-comments = Nessun commento in questo periodo.
report-total = Totale
report-volume = Ticket per canale
report-types = Ticket per tipo
report-category-trend = Categorie nel tempo
report-categories = Categorie
report-category = Categoria
report-created = Creati
report-complaints = Reclami
report-solved = Risolti
report-frustrated = Frustrati
report-tags = Etichette
report-tag = Etichetta
report-complaint-topics = Temi dei reclami
report-topic = Tema
report-hour = Ora
report-hours = Ticket per ora del giorno
report-weekday = Giorno della settimana
report-weekdays = Ticket per giorno della settimana
weekday-0 = lunedì
weekday-1 = martedì
weekday-2 = mercoledì
weekday-3 = giovedì
weekday-4 = venerdì
weekday-5 = sabato
weekday-6 = domenica
report-age-between = da { $from } a { $to } giorni
report-age-over = { $from } giorni o più
report-backlog = Ticket aperti per età
report-age = Età
report-open = Aperti ora
report-group = Gruppo
report-groups = Gruppi: prima risposta (mediana, ore)
report-agent = Agente
report-agents = Agenti: carico e attività (risolti)
report-replies = Risposte pubbliche
report-frt-median = Prima risposta, mediana (h)
report-frt-p90 = Prima risposta, 90° percentile (h)
report-resolution-median = Risoluzione, mediana (h)
report-resolution-p90 = Risoluzione, 90° percentile (h)
report-sla-met = SLA rispettato (%)
report-csat = Soddisfazione, CSAT (%)
report-escalated = Escalati
report-escalations = Dove vanno le escalation
report-escalations-count = Escalation
report-destination = Destinazione
report-satisfaction = Valutazioni di soddisfazione
report-rating = Valutazione
report-count = Quantità
report-resolution-rate = Risolti (%)
report-first-contact = Risoluzione al primo contatto (%)
report-reopen-rate = Riaperti (%)
report-escalation-rate = Escalati (%)
report-kind = Tipo di cliente
report-customers = Ticket per tipo di cliente
report-language = Lingua
report-languages = Ticket per lingua
report-channel = Canale
report-organization = Organizzazione
report-type = Tipo
