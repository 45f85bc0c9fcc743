# El espacio de trabajo de los agentes y el portal de clientes, en español.

## Fechas y horas

datetime = { $day } { $month } { $year }, { $time }
date = { $day } { $month } { $year }
ago-now = ahora mismo
ago-minutes = { $n ->
    [one] hace 1 minuto
   *[other] hace { $n } minutos
}
ago-hours = { $n ->
    [one] hace 1 hora
   *[other] hace { $n } horas
}
ago-days = { $n ->
    [one] hace 1 día
   *[other] hace { $n } días
}
month-1 = ene
month-2 = feb
month-3 = mar
month-4 = abr
month-5 = may
month-6 = jun
month-7 = jul
month-8 = ago
month-9 = sept
month-10 = oct
month-11 = nov
month-12 = dic

## El marco de cada página

page-title = { $title } · Ayuda
skip-to-content = Saltar al contenido
nav-views = Vistas
sign-out = Cerrar sesión
back-to-workspace = Volver al espacio de trabajo
next-page = Página siguiente

## Errores

error-not-found = No encontrado
error-forbidden = No puedes hacer esto
error-invalid = No se puede guardar así
error-internal = Algo ha fallado por nuestra parte; inténtalo de nuevo
error-expired-form = Este formulario ha caducado; recarga la página e inténtalo de nuevo

## Inicio de sesión

sign-in-title = Iniciar sesión
sign-in-email = Correo electrónico
sign-in-password = Contraseña
sign-in-submit = Entrar
sign-in-failed = El correo o la contraseña no son correctos.
sign-in-throttled = { $minutes ->
    [one] Demasiados intentos fallidos. Inténtalo de nuevo dentro de 1 minuto.
   *[other] Demasiados intentos fallidos. Inténtalo de nuevo dentro de { $minutes } minutos.
}

## Vistas

view-mine = Mis tickets abiertos
view-unassigned = Sin asignar en mis grupos
view-open = Todos los abiertos
view-pending = Pendientes
view-recent = Actualizados recientemente
view-empty = No hay tickets aquí.
column-number = Número
column-subject = Asunto
column-requester = Cliente
column-status = Estado
column-priority = Prioridad
column-updated = Actualizado

## Valores

status-new = Nuevo
status-open = Abierto
status-pending = Pendiente
status-on_hold = En espera
status-solved = Resuelto
status-closed = Cerrado
priority-low = Baja
priority-normal = Normal
priority-high = Alta
priority-urgent = Urgente
kind-reply = Respuesta
kind-note = Nota interna
kind-phone_call = Llamada
kind-letter = Carta
kind-visit = Visita
kind-fax = Fax

## La página del ticket

compose-kind = Escribir
compose-reply = Responder al cliente
compose-note = Nota interna
compose-body = Mensaje
compose-send = Enviar
ticket-properties = Propiedades del ticket
ticket-save = Guardar
customer-panel = Cliente
customer-language = Idioma: { $language }
message-formatted = El correo tal como se envió, con formato
presence-viewing = { $name } está viendo este ticket
presence-replying = { $name } está escribiendo una respuesta
compose-crossing = Ha llegado un mensaje nuevo mientras escribías. Léelo y vuelve a enviar.

## El panel del cliente y el historial

channel-email = Correo
channel-web = Web
channel-phone = Teléfono
channel-fax = Fax
channel-postal = Carta
channel-in_person = En persona
channel-chat = Chat
channel-api = API
identity-email = Correo
identity-phone = Teléfono
identity-fax = Fax
type-question = Pregunta
type-incident = Incidencia
type-problem = Problema
type-task = Tarea
type-complaint = Reclamación
type-sales_inquiry = Consulta comercial
field-status = Estado
field-priority = Prioridad
field-subject = Asunto
field-tags = Etiquetas
field-language = Idioma
field-type = Tipo
field-assignee = Responsable
field-group = Grupo
customer-organization = Organización: { $organization }
customer-other-tickets = Otros tickets
customer-no-other-tickets = No tiene otros tickets.
ticket-history = Historial
history-count = { $n ->
    [one] 1 cambio
   *[other] { $n } cambios
}
history-system = Ayuda
history-created = abrió el ticket
history-message = añadió un mensaje ({ $kind })
history-field = cambió { $field } de { $from } a { $to }
history-empty-value = nada
sla-metric-first_response = primera respuesta
sla-metric-next_response = siguiente respuesta
sla-metric-resolution = resolución
sla-panel = Nivel de servicio
sla-due = vence el { $when }
sla-breached = vencido desde el { $when }
sla-met = cumplido el { $when }
sla-met-late = cumplido con retraso, el { $when }
sla-paused = en pausa mientras el ticket espera
sla-not-started = se debe cuando el cliente vuelva a escribir
notifications-title = Avisos
notifications-unread = { $count } sin leer
notifications-empty = Nada todavía: aquí se le avisa cuando se le asigna un ticket, un cliente responde, un plazo del SLA se acerca o vence, o se le escala un ticket.
notifications-read-all = Marcar todo como leído
notification-assigned = Se le ha asignado { $ticket }
notification-customer_replied = El cliente ha respondido en { $ticket }
notification-sla_warning = El objetivo de { $metric } de { $ticket } vence pronto
notification-sla_breach = Se ha incumplido el objetivo de { $metric } de { $ticket }
notification-escalated = Se le ha escalado { $ticket }: { $detail }
notification-rule = { $ticket }: { $detail }
history-sla-warning = avisó de que el objetivo de { $metric } vence el { $due }
history-sla-breach = registró que se incumplió el objetivo de { $metric } (vencía el { $due })
history-escalated = escaló el ticket a { $to }: { $reason }
customer-more-tickets = Solo se muestran los diez más recientes.

## El portal de clientes

portal-sign-in-title = Accede a tus solicitudes de soporte
nav-portal = Tus solicitudes
portal-my-requests = Mis solicitudes
portal-empty = Todavía no tienes solicitudes.
portal-support-team = Atención al cliente
portal-reply-label = Tu respuesta
portal-solve-explained = ¿Hemos resuelto tu solicitud a tu satisfacción?
portal-solve = Marcar como resuelta
back-to-portal = Volver a tus solicitudes

## Registrar un contacto que no llegó por correo

compose-log-contact = O registra una llamada, carta, visita o fax
compose-log-kind = Qué ocurrió
compose-direction = Quién inició el contacto
direction-inbound = El cliente nos contactó
direction-outbound = Contactamos al cliente
compose-shared = Mostrarlo también al cliente

## Abrir un ticket a mano

new-ticket-title = Nuevo ticket
new-ticket-who = El cliente
new-ticket-email = Su correo
new-ticket-name = Su nombre
new-ticket-channel = Cómo nos contactó
new-ticket-summary = Lo que dijo (un resumen de la llamada, carta, fax o visita)
new-ticket-language-detect = Detectar por el texto
new-ticket-submit = Abrir el ticket
portal-new-request = Nueva solicitud
portal-request-subject = ¿De qué se trata?
portal-request-body = Cuéntanos más
portal-request-files = Archivos (fotos, facturas, documentos; hasta 10)
portal-request-send = Enviar la solicitud

## Inicio de sesión en dos pasos y preferencias

sign-in-code = Código de tu aplicación de autenticación
sign-in-code-help = Solo si has activado el inicio de sesión en dos pasos.
sign-in-failed-agent = El correo, la contraseña o el código no son correctos.
preferences-title = Tus preferencias
preferences-language = Idioma del espacio de trabajo
preferences-language-browser = Como mi navegador
preferences-time-zone = Zona horaria (por ejemplo Europe/Madrid)
preferences-save = Guardar
preferences-saved = Guardado.
password-title = Cambiar tu contraseña
password-current = Contraseña actual
password-new = Nueva contraseña (al menos 10 caracteres)
password-save = Cambiar la contraseña
password-changed = Tu contraseña ha cambiado.
totp-title = Inicio de sesión en dos pasos
totp-off = El inicio de sesión en dos pasos está desactivado. Añade esta clave a una aplicación de autenticación e introduce el código que muestre.
totp-key = Clave
totp-address = O importa esta dirección
totp-code = Código de la aplicación
totp-enable = Activar el inicio de sesión en dos pasos
totp-on = El inicio de sesión en dos pasos está activado: al entrar se pide el código de tu aplicación.
totp-disable = Desactivar el inicio de sesión en dos pasos
totp-enabled = El inicio de sesión en dos pasos está activado.
totp-disabled = El inicio de sesión en dos pasos está desactivado.

## Acciones en bloque

bulk-legend = Cambiar los tickets marcados
bulk-keep = Dejar como está
bulk-assign-me = A mí
bulk-assign-nobody = A nadie
bulk-no-group = Sin grupo
bulk-add-tag = Añadir una etiqueta
bulk-apply = Aplicar
bulk-select = Seleccionar
bulk-select-ticket = Seleccionar el ticket { $number }
bulk-changed = { $n ->
    [one] 1 ticket cambiado.
   *[other] { $n } tickets cambiados.
}
bulk-failed = { $n ->
    [one] 1 ticket no se pudo cambiar.
   *[other] { $n } tickets no se pudieron cambiar.
}
tags-help = Separadas por comas.

## Respuestas predefinidas

canned-title = Respuestas predefinidas
canned-placeholders = Marcadores que se rellenan con el ticket: { $placeholders }
canned-new = Nueva respuesta predefinida
canned-name = Nombre
canned-body = Texto
canned-add = Añadir
canned-delete = Eliminar
canned-empty = Todavía no hay respuestas predefinidas.
canned-insert-label = Insertar una respuesta predefinida
canned-insert = Insertar

## Tickets enlazados y fusionados

relations-title = Tickets relacionados
relations-none = No hay tickets enlazados.
relations-link-number = Enlazar con el ticket número
relations-link-kind = Como
relations-link = Enlazar
relations-merge-into = Fusionar este ticket en el número
relations-merge-help = Para un duplicado: este ticket se cierra y una nota en ambos cuenta la fusión.
relations-merge = Fusionar
macro-label = Macro
macro-apply = Aplicar
escalate-title = Escalar
escalate-to = Derivar a
escalate-next-tier = El nivel siguiente
escalate-reason = Motivo
escalate-help = Quien lo recibe sabe por qué; el historial del ticket lo guarda.
escalate-submit = Escalar
availability-title = Disponibilidad
availability-label = Estoy
availability-available = Disponible
availability-away = Ausente
availability-off = Fuera de servicio
availability-away-from = Fuera de la oficina desde
availability-away-until = De vuelta el
availability-period-help = Horas como 2026-12-24T09:00:00Z; deje ambas vacías si no va a ausentarse.
availability-save = Cambiar
email-notices-title = Enviarme un correo cuando
email-notice-assigned = se me asigne un ticket
email-notice-customer_replied = un cliente responda en mi ticket
email-notice-sla_warning = un plazo del SLA de mi ticket esté cerca
email-notice-sla_breach = se incumpla un plazo del SLA de mi ticket
email-notice-escalated = se me escale un ticket
email-notice-rule = una regla pida avisarme
email-notices-help = Un correo reúne lo ocurrido desde el anterior; lo que ya leyó aquí no se incluye. El espacio de trabajo le avisa de todo en cualquier caso.
email-notices-save = Guardar
merged-into = Fusionado en { $ticket }
merge-note-from = Fusionado en el ticket { $number }, que continúa.
merge-note-into = El ticket { $number } se ha fusionado en este.
link-related = relacionado
link-parent = forma parte de este
link-child = este forma parte de él
link-follow_up = este es su continuación

## Registrarse y entrar en el portal con un enlace
portal-link-heading = O entra con un enlace por correo
portal-link-submit = Envíame un enlace
portal-sign-up-prompt = ¿Es tu primera vez?
portal-sign-up-title = Crear una cuenta
portal-sign-up-help = Te enviaremos un enlace por correo. Al abrirlo se crea tu cuenta y entras; después puedes elegir una contraseña.
portal-sign-up-name = Tu nombre
portal-sign-up-have-account = Ya tengo una cuenta
portal-sign-up-bad-name = Indica tu nombre, por favor.
portal-sign-up-bad-email = Esa dirección de correo no parece correcta.
portal-link-sent-title = Revisa tu correo
portal-link-sent = Si { $email } puede usar este portal, le hemos enviado un enlace. El enlace sirve una sola vez, durante { $minutes } minutos.
portal-link-back = Volver a la entrada
portal-link-title = Entra con tu enlace
portal-link-help = Pulsa el botón para entrar.
portal-link-continue = Entrar
portal-link-failed = Este enlace no funciona: ya se usó, ha caducado o se copió incompleto.
portal-link-again = Pedir un enlace nuevo
portal-account-title = Mi cuenta
portal-account-email = Entras como { $email }.
portal-account-password-heading = Contraseña
portal-account-password-help =
    { $count ->
        [one] Con una contraseña de al menos { $count } carácter también puedes entrar sin enlace.
       *[other] Con una contraseña de al menos { $count } caracteres también puedes entrar sin enlace.
    }
portal-account-password = Contraseña nueva
portal-account-save = Guardar la contraseña
portal-account-password-short =
    { $count ->
        [one] La contraseña necesita al menos { $count } carácter.
       *[other] La contraseña necesita al menos { $count } caracteres.
    }

## Attachments on replies and logged contacts
compose-files = Adjuntar archivos (hasta 10)
new-ticket-files = Adjuntos: una carta escaneada, un fax, fotos (hasta 10)

## Custom fields on the ticket page
field-no-value = (ninguno)

## Administración
admin-title = Administración
admin-agents = Agentes
admin-agents-about = Quién trabaja en el servicio de atención: su rol, grupos, idiomas y habilidades.
admin-agents-new = Añadir un agente
admin-agents-edit = Cambiar un agente
admin-groups = Grupos
admin-groups-about = Los equipos a los que se dirigen los tickets.
admin-groups-new = Añadir un grupo
admin-groups-edit = Cambiar un grupo
admin-organizations = Organizaciones
admin-organizations-about = Las empresas de los clientes, reconocidas por sus dominios de correo.
admin-organizations-new = Añadir una organización
admin-organizations-edit = Cambiar una organización
admin-contacts = Contactos
admin-contacts-about = Los clientes, con sus direcciones de correo y teléfonos.
admin-contacts-new = Añadir un contacto
admin-contacts-edit = Cambiar un contacto
admin-fields = Campos personalizados
admin-fields-about = Campos propios en tickets, contactos y organizaciones.
admin-fields-new = Añadir un campo personalizado
admin-fields-edit = Cambiar un campo personalizado
admin-mailboxes = Buzones
admin-mailboxes-about = Las direcciones de soporte a las que llega el correo y las cuentas IMAP de donde se recoge.
admin-mailboxes-new = Añadir un buzón
admin-mailboxes-edit = Cambiar un buzón
admin-canned = Respuestas predefinidas
admin-canned-about = Respuestas que los agentes insertan en sus mensajes, en cada idioma.
admin-rules = Reglas y macros
admin-rules-about = Disparadores, automatizaciones por tiempo y macros: lo que ocurre con los tickets sin que nadie lo olvide.
rules-triggers = Disparadores
rules-triggers-about = Actúan cuando algo le ocurre a un ticket: se crea, cambia, el cliente responde, un plazo del SLA se acerca o vence.
rules-automations = Automatizaciones
rules-automations-about = Actúan sobre los tickets que llevan bastante tiempo en un estado, como un recordatorio tras cinco días pendiente.
rules-macros = Macros
rules-macros-about = Cambios y una respuesta en cada idioma que un agente aplica a un ticket con un clic.
rules-new-triggers = Añadir un disparador
rules-new-automations = Añadir una automatización
rules-new-macros = Añadir una macro
rules-when = Cuándo
rules-waited = { $status } durante { $hours } h
rules-active = Activa
rules-position = Orden (la menor se ejecuta primero)
rules-event = Cuando
rules-status = Tickets en el estado
rules-idle-hours = Sin cambios durante (horas)
rules-all = Si se cumplen todas estas
rules-any = y al menos una de estas
rules-field = Campo
rules-operator = Comparación
rules-value = Valor
rules-conditions-help = Horario laboral: within (dentro) u outside (fuera). Valores por nombre: un estado, prioridad, tipo o canal (open, urgent, complaint, email), un grupo o un agente tal como se llaman aquí, un código de idioma (es), una etiqueta, palabras del asunto o del mensaje. Un valor vacío significa ninguno.
rules-actions = Entonces
rules-action = Acción
rules-target = A
rules-text = Etiquetas, nota o motivo
rules-actions-help = Las etiquetas se separan con comas. Para avisar a alguien, elija el agente (nadie significa el asignado) y escriba la nota. Para escalar, elija el nivel siguiente, un grupo o un agente, y escriba el motivo.
rules-mail = Correo al cliente
rules-mail-help = Se envía en el idioma del ticket si está escrito en él; si no, en inglés; si no, en el primer idioma rellenado.
rules-subject = asunto
rules-mail-text = texto
rules-webhook = Dirección del webhook (un POST firmado con el ticket)
rules-macro-text = Texto de la respuesta
rules-note = El texto es una nota interna
rules-delete = Eliminar
rules-api-only = Esta regla tiene más correos, webhooks o agentes a avisar de los que caben en este formulario; cámbiela mediante la API.
trigger-event-ticket_created = Se crea un ticket
trigger-event-ticket_updated = Cambia un ticket
trigger-event-customer_replied = El cliente responde
trigger-event-sla_warning = Un plazo del SLA se acerca
trigger-event-sla_breach = Se incumple un plazo del SLA
condition-status = Estado
condition-priority = Prioridad
condition-type = Tipo
condition-channel = Canal
condition-group = Grupo
condition-assignee = Asignado
condition-language = Idioma
condition-tag = Etiqueta
condition-service_tier = Nivel de servicio
condition-subject = Asunto
condition-message = Mensaje
condition-sla_metric = Objetivo del SLA
condition-business_hours = Horario laboral
operator-is = es
operator-is_not = no es
operator-contains = contiene
operator-not_contains = no contiene
action-set_status = Poner el estado
action-set_priority = Poner la prioridad
action-set_type = Poner el tipo
action-set_group = Pasar al grupo
action-assign = Asignar a
action-add_tags = Añadir etiquetas
action-remove_tags = Quitar etiquetas
action-notify = Avisar a un agente
action-escalate = Escalar
action-email_customer = Escribir al cliente
action-webhook = Llamar a un webhook
admin-roles = Roles
admin-roles-about = Lo que pueden hacer administradores, supervisores y agentes.
admin-roles-help = Los roles son fijos; esto es lo que la aplicación permite a cada uno. Cada agente trabaja con los tickets de sus grupos, los tickets sin grupo y los que tiene asignados; supervisores y administradores, con todos.
admin-tokens = Tokens de API de otros
admin-what = Qué
admin-may-list = listar
admin-may-read = ver
admin-may-create = añadir
admin-may-update = cambiar
admin-may-nothing = nada
admin-settings = Configuración
admin-settings-about = La configuración con la que funciona este servidor.
admin-settings-help = Esta configuración viene del archivo de configuración del servidor (ayuda.toml), sus opciones y su entorno; cámbiala allí y reinicia el servidor.
admin-setting-public-url = Dirección pública, para los enlaces del correo
admin-setting-from = Remitente cuando un ticket no tiene buzón
admin-setting-acknowledge = Se acusa recibo de los tickets nuevos por correo
admin-setting-closed-reply = Una respuesta a un ticket cerrado
admin-setting-inline-raw = Correos originales guardados en la base de datos hasta
admin-setting-unset = (sin definir)
admin-closed-reply-follow_up = abre un ticket de seguimiento
admin-closed-reply-reopen = reabre el ticket
admin-yes = Sí
admin-no = No
admin-empty = Aún no hay nada aquí.
admin-name = Nombre
admin-email = Correo electrónico
admin-role = Rol
admin-groups-field = Grupos
admin-active = Activo
admin-description = Descripción
admin-kind = Tipo
admin-routing-mode = Reparto
routing-mode-manual = A mano: los agentes toman tickets de la cola
routing-mode-round_robin = Por turnos (round-robin)
routing-mode-least_loaded = Al agente con menos carga
admin-match-language = Solo a agentes que hablan el idioma del ticket
admin-routing-skills = Habilidades por las que se reparte
admin-routing-skills-help = Separadas por comas; un ticket con una de ellas como etiqueta va a un agente que la tiene.
admin-requeue-when-away = Los tickets de agentes ausentes vuelven a la cola
admin-group-tier = Nivel
admin-group-tier-help = 1 para la primera línea, 2 para la segunda, 3 para supervisores.
admin-escalates-to = Escala a
admin-tier = Nivel de servicio
admin-domains = Dominios de correo
admin-domains-help = Separados por comas, como acme.example, acme.example.org
admin-shared-tickets = Sus miembros ven los tickets de los demás en el portal
admin-notes = Notas
admin-identities = Direcciones de correo y teléfonos
admin-identities-help = Uno por línea, como «email: ana@example.com» o «phone: +34 600 000 000».
admin-language-help = Un código de idioma como en, es o it.
admin-organization = Organización
admin-languages = Idiomas
admin-skills = Habilidades
admin-list-help = Separados por comas.
admin-password = Contraseña
admin-password-help = Opcional: sin ella, el agente no puede entrar hasta que se le ponga una desde la línea de comandos.
admin-label = Etiqueta
admin-key = Clave
admin-key-help = Cómo lo llama la API: minúsculas, cifras y _, como order_number. No se puede cambiar después.
admin-entity = En
admin-entity-ticket = Tickets
admin-entity-contact = Contactos
admin-entity-organization = Organizaciones
admin-field-kind = Tipo
admin-field-kind-text = Texto
admin-field-kind-number = Número
admin-field-kind-date = Fecha
admin-field-kind-select = Opción
admin-field-kind-checkbox = Casilla
admin-required = Obligatorio
admin-options = Opciones
admin-options-help = Para una opción: sus valores, separados por comas.
admin-position = Posición
admin-address = Dirección
admin-imap = Cuenta IMAP
admin-mailbox-name-help = Un nombre corto, el que usa la orden mail-in.
admin-imap-host = Servidor IMAP
admin-imap-help = Déjalo vacío para un buzón que tu servidor de correo entrega directamente a Ayuda.
admin-imap-port = Puerto
admin-imap-tls = Seguridad de la conexión
admin-imap-user = Usuario
admin-imap-password = Contraseña
admin-imap-password-help = La contraseña de la cuenta IMAP.
admin-imap-password-kept = Déjala vacía para conservar la contraseña guardada.
admin-imap-folder = Carpeta de donde recoger
admin-imap-processed = Carpeta a la que mover el correo recogido
admin-imap-processed-help = Déjala vacía para marcar el correo recogido como leído donde está.
role-admin = Administrador
role-supervisor = Supervisor
role-agent = Agente
organization-kind-consumer = Consumidor
organization-kind-retailer = Minorista
organization-kind-wholesaler = Mayorista
organization-kind-other = Otro
service-tier-basic = Básico
service-tier-standard = Estándar
service-tier-premium = Prémium
service-tier-enterprise = Empresa

## Saved views
saved-views-title = Vistas guardadas
saved-views-none = Aún no hay vistas guardadas.
saved-view-new = Guardar una vista
saved-view-name = Nombre de la vista
saved-view-any = Cualquiera
saved-view-my-groups = Mis grupos, o ninguno
saved-view-tag = Con la etiqueta
saved-view-shared = Compartirla con todos los agentes
saved-view-save = Guardar la vista
saved-view-delete = Borrar esta vista

## When a logged contact took place
compose-occurred = Cuándo ocurrió (tu hora; vacío para ahora)

## Search
search-title = Búsqueda
search-label = Buscar
search-placeholder = Buscar tickets, personas, artículos…
search-help = Palabras, "frases exactas" y -palabras excluidas; filtros: status:open priority:high group:facturación assignee:me lang:es in:ticket|article|contact|organization
search-go = Buscar
search-nothing = No se encontró nada.
search-corrections = También se buscó: { $words }
search-kind-ticket = Ticket
search-kind-message = Mensaje
search-kind-contact = Contacto
search-kind-organization = Organización
search-kind-article = Artículo

## Knowledge base
kb-title = Base de conocimiento
kb-empty = Todavía no hay artículos aquí.
kb-filter = Filtrar
kb-category = Categoría
kb-no-category = Sin categoría
kb-category-name = Nombre en { $language }
kb-category-parent = Dentro de la categoría
kb-new-category = Nueva categoría
kb-add-category = Añadir la categoría
kb-visibility = Quién puede leerlo
kb-visibility-public = Público (también clientes)
kb-visibility-internal = Interno (solo agentes)
kb-visibility-training = Formación (solo agentes)
kb-status = Estado
kb-status-draft = Borrador
kb-status-published = Publicado
kb-status-archived = Archivado
kb-article-title = Título
kb-body = Texto
kb-body-help = Texto sin formato, con una línea en blanco entre párrafos, o HTML. Los borradores solo los ven los agentes; los supervisores publican.
kb-files = Archivos e imágenes
kb-no-files = No hay archivos adjuntos.
kb-files-add = Adjuntar archivos
kb-files-help = Después, cualquier traducción puede mostrar las imágenes: pon en el cuerpo el HTML de la imagen que aparece a su lado.
kb-files-upload = Adjuntar
kb-file-insert = Insertar en el cuerpo
kb-translations = Traducciones
kb-views = Visitas
kb-helpful = Útil / no
kb-view-count = { $n ->
    [one] { $n } visita
   *[other] { $n } visitas
}
kb-deflection-count = { $n ->
    [one] { $n } solicitud resuelta antes de enviarse
   *[other] { $n } solicitudes resueltas antes de enviarse
}
kb-new-article = Nuevo artículo
kb-create = Crear el artículo
kb-settings = Categoría y lectores
kb-edit-language = Editar { $language }
kb-translate-into = Traducir a { $language }
kb-edit-title = Artículo en { $language }
kb-source = Al lado: { $language }
kb-no-source = Todavía no hay otra traducción
kb-save = Guardar una nueva versión
kb-versions = Versiones
kb-no-versions = Todavía no hay versiones guardadas.
kb-version = Versión { $n }
kb-training-title = Formación
kb-training-progress = Completado: { $done }
kb-training-empty = Todavía no hay material de formación.
kb-training-todo = Pendiente
kb-training-done-at = Completado el { $when }
kb-training-complete = Lo he completado
kb-gaps-title = Carencias de conocimiento
kb-gaps-misses = Búsquedas sin resultados (últimos 30 días)
kb-gaps-no-misses = Todas las búsquedas encontraron algo.
kb-gaps-words = Palabras
kb-gaps-count = Veces
kb-gaps-who = Buscado por
kb-gaps-customers = Clientes
kb-gaps-agents = Agentes
kb-gaps-last = Última búsqueda
kb-gaps-unhelped = Tickets resueltos sin usar ningún artículo (últimos 30 días)
kb-gaps-no-unhelped = Todos los tickets resueltos usaron un artículo.

## Knowledge on the ticket page
knowledge-panel = Conocimiento
knowledge-find = Buscar un artículo
knowledge-suggested = Sugeridos para este ticket
knowledge-found = Artículos encontrados
knowledge-no-suggestions = No hay artículos sugeridos para este ticket.
knowledge-insert-link = Insertar enlace
knowledge-insert-text = Insertar texto

## Announcements
announcements-title = Anuncios
announcements-empty = No hay anuncios.
announcements-new = Nuevo anuncio
announcements-publish = Anunciarlo a todos los agentes
announcements-acknowledge = Lo he leído
announcements-read-at = Leído el { $when }
announcements-readership = Quién lo ha leído
announcements-all-read = Todos los agentes lo han leído.
announcements-unread-count = { $n ->
    [one] { $n } agente aún no lo ha leído
   *[other] { $n } agentes aún no lo han leído
}
announcements-read-count = { $n ->
    [one] { $n } agente lo ha leído
   *[other] { $n } agentes lo han leído
}

## Knowledge base in the portal
portal-kb-title = Artículos de ayuda
portal-kb-search = Buscar en los artículos de ayuda y en sus solicitudes
portal-kb-empty = Todavía no hay artículos de ayuda.
portal-kb-other-languages = También en:
portal-kb-helpful-question = ¿Le ha ayudado este artículo?
portal-kb-helpful-yes = Sí
portal-kb-helpful-no = No
portal-kb-thanks = Gracias por decírnoslo.
portal-kb-answered-question = ¿Ha respondido a la solicitud que estaba escribiendo?
portal-kb-answered-yes = Sí, no necesito enviarla
portal-kb-answered = Nos alegra haberle ayudado
portal-kb-answered-text = Su solicitud no se envió. Si necesita más ayuda, puede escribirnos cuando quiera.
portal-suggestions-title = Estos artículos pueden responder a su pregunta

# Las páginas de la encuesta de satisfacción.
survey-title = Tu opinión
survey-thanks = ¡Gracias! Has valorado nuestra ayuda con un { $rating } de 5.
survey-already-rated = Ya valoraste esta solicitud ({ $rating } de 5). Gracias: guardamos tu primera respuesta.
survey-not-valid = Este enlace de encuesta no es válido. Usa el enlace de tu correo tal como está.
survey-confirm = Pulsa el botón para enviar tu valoración.
survey-confirm-button = Enviar valoración
survey-comment-label = ¿Quieres añadir algo? (opcional)
survey-comment-send = Enviar comentario
survey-comment-thanks = Gracias por tu comentario.
survey-comment-had = Ya tenemos tu comentario. Gracias.
survey-comment-again = Tu valoración está guardada. Aún puedes añadir un comentario.
survey-comment-invalid = Escribe un comentario de hasta 4000 caracteres.

# Reports.
report-title = Informes
report-from = Desde
report-to = Hasta
report-interval = Periodo
report-interval-auto = Automático
report-interval-day = Días
report-interval-week = Semanas
report-interval-month = Meses
report-all = Todos
report-show = Mostrar
report-none = Ninguno
report-cohort = Las cifras cuentan los tickets creados en el periodo, tal como están ahora. Los tiempos son horas naturales.
report-table = Tabla
report-csv = Descargar CSV
report-comments = Comentarios
report-no-comments = No hay comentarios en este periodo.
report-total = Total
report-volume = Tickets por canal
report-types = Tickets por tipo
report-category-trend = Categorías en el tiempo
report-categories = Categorías
report-category = Categoría
report-created = Creados
report-complaints = Reclamaciones
report-solved = Resueltos
report-frustrated = Frustrados
report-tags = Etiquetas
report-tag = Etiqueta
report-complaint-topics = Temas de reclamación
report-topic = Tema
report-hour = Hora
report-hours = Tickets por hora del día
report-weekday = Día de la semana
report-weekdays = Tickets por día de la semana
weekday-0 = lunes
weekday-1 = martes
weekday-2 = miércoles
weekday-3 = jueves
weekday-4 = viernes
weekday-5 = sábado
weekday-6 = domingo
report-age-between = de { $from } a { $to } días
report-age-over = { $from } días o más
report-backlog = Tickets abiertos por antigüedad
report-age = Antigüedad
report-open = Abiertos ahora
report-group = Grupo
report-groups = Grupos: primera respuesta (mediana, horas)
report-agent = Agente
report-agents = Agentes: carga y actividad (resueltos)
report-replies = Respuestas públicas
report-frt-median = Primera respuesta, mediana (h)
report-frt-p90 = Primera respuesta, percentil 90 (h)
report-resolution-median = Resolución, mediana (h)
report-resolution-p90 = Resolución, percentil 90 (h)
report-sla-met = SLA cumplido (%)
report-csat = Satisfacción, CSAT (%)
report-escalated = Escalados
report-escalations = Adónde van las escalaciones
report-escalations-count = Escalaciones
report-destination = Destino
report-satisfaction = Valoraciones de satisfacción
report-rating = Valoración
report-count = Cantidad
report-resolution-rate = Resueltos (%)
report-first-contact = Resolución al primer contacto (%)
report-reopen-rate = Reabiertos (%)
report-escalation-rate = Escalados (%)
report-kind = Tipo de cliente
report-customers = Tickets por tipo de cliente
report-language = Idioma
report-languages = Tickets por idioma
report-channel = Canal
report-organization = Organización
report-type = Tipo
