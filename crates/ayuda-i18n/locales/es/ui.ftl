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
