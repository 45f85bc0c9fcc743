# El correo propio de Ayuda a los clientes, en español.

acknowledgement-subject = Hemos recibido tu mensaje: { $subject }
acknowledgement-body =
    Hola:

    Gracias por escribirnos. Hemos recibido tu mensaje y lo hemos registrado con el número { $number }. Un especialista te responderá lo antes posible.

    Si quieres añadir algo, responde a este correo sin cambiar el asunto.

    Un saludo,
    El equipo de atención al cliente
