# El correo propio de Ayuda a los clientes, en español.

acknowledgement-subject = Hemos recibido tu mensaje: { $subject }
acknowledgement-body =
    Hola:

    Gracias por escribirnos. Hemos recibido tu mensaje y lo hemos registrado con el número { $number }. Un especialista te responderá lo antes posible.

    Si quieres añadir algo, responde a este correo sin cambiar el asunto.

    Un saludo,
    El equipo de atención al cliente

sign-in-link-subject = Tu enlace para entrar
sign-in-link-body =
    Hola:

    Alguien, probablemente tú, ha pedido entrar en nuestro portal de atención al cliente con esta dirección. Abre este enlace para entrar:

    { $link }

    El enlace sirve una sola vez, durante { $minutes } minutos. Si no lo has pedido, ignora este correo: sin el enlace no pasa nada.

    Un saludo,
    El equipo de atención al cliente

survey-subject = ¿Qué tal lo hicimos? { $subject }
survey-body =
    Hola:

    Tu solicitud número { $number }, «{ $subject }», está resuelta. ¿Cómo de satisfecho estás con nuestra ayuda? Basta un clic:

    { $links }

    Después de valorar puedes añadir un comentario. Gracias por tu tiempo.

    Un saludo,
    Atención al cliente
survey-rating-1 = 1 - Muy insatisfecho
survey-rating-2 = 2 - Insatisfecho
survey-rating-3 = 3 - Indiferente
survey-rating-4 = 4 - Satisfecho
survey-rating-5 = 5 - Muy satisfecho

# El correo de Ayuda a los agentes: lo que se les ha notificado en el espacio de trabajo, de los tipos que eligieron.
agent-notice-subject = { $count ->
    [one] { $first }
   *[other] { $count } notificaciones nuevas
}
agent-notice-greeting = Hola, { $name }:
agent-notice-intro = esto ha ocurrido en sus tickets:
agent-notice-more = { $count ->
    [one] y 1 más en sus notificaciones.
   *[other] y { $count } más en sus notificaciones.
}
agent-notice-footer = Recibe este correo por las notificaciones que eligió en su página de preferencias de Ayuda.
