//! The words of Ayuda's own mail, in English, Spanish and Italian, chosen by the customer's language
//! (English for any other).

use ayuda_core::ticket::Ticket;

/// The subject and text of the acknowledgement of a new ticket.
pub(crate) fn acknowledgement(language: &str, ticket: &Ticket) -> (String, String) {
    let number = ticket.number.0;
    let subject = ticket.subject.as_str();
    let (heading, text) = match primary(language) {
        "es" => (
            format!("Hemos recibido tu mensaje: {subject}"),
            format!(
                "Hola:\n\nGracias por escribirnos. Hemos recibido tu mensaje y lo hemos registrado con el \
                 número {number}. Un especialista te responderá lo antes posible.\n\nSi quieres añadir algo, \
                 responde a este correo sin cambiar el asunto.\n\nUn saludo,\nEl equipo de atención al cliente"
            ),
        ),
        "it" => (
            format!("Abbiamo ricevuto il tuo messaggio: {subject}"),
            format!(
                "Buongiorno,\n\ngrazie per averci scritto. Abbiamo ricevuto il tuo messaggio e lo abbiamo \
                 registrato con il numero {number}. Uno specialista ti risponderà il prima possibile.\n\n\
                 Se vuoi aggiungere qualcosa, rispondi a questa email senza cambiare l'oggetto.\n\n\
                 Cordiali saluti,\nIl servizio clienti"
            ),
        ),
        _ => (
            format!("We received your message: {subject}"),
            format!(
                "Hello,\n\nThank you for writing to us. We received your message and filed it as number \
                 {number}. A specialist will answer you as soon as possible.\n\nTo add anything, reply to \
                 this email without changing the subject.\n\nKind regards,\nCustomer support"
            ),
        ),
    };
    (
        ayuda_mail::subject_with_token(&heading, u64::try_from(number).unwrap_or_default()),
        text,
    )
}

/// The subject of an agent's reply: the ticket's subject as a reply, with its token.
pub(crate) fn reply_subject(ticket: &Ticket) -> String {
    ayuda_mail::subject_with_token(
        &format!("Re: {}", ticket.subject.as_str()),
        u64::try_from(ticket.number.0).unwrap_or_default(),
    )
}

fn primary(language: &str) -> &str {
    language.split(['-', '_']).next().unwrap_or(language)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ayuda_core::ticket::TicketSubject;

    fn ticket() -> Ticket {
        let mut ticket = blank();
        ticket.subject = TicketSubject::parse("Pedido 4411").unwrap();
        ticket.number = ayuda_core::id::TicketNumber(1042);
        ticket
    }

    fn blank() -> Ticket {
        use ayuda_core::id::{ContactId, TicketId, TicketNumber};
        use ayuda_core::text::Language;
        use ayuda_core::ticket::{Channel, Priority, Status, TicketType};
        let now = jiff::Timestamp::UNIX_EPOCH;
        Ticket {
            id: TicketId::generate(),
            number: TicketNumber(1),
            subject: TicketSubject::parse("x").unwrap(),
            status: Status::New,
            priority: Priority::Normal,
            ticket_type: TicketType::Question,
            channel: Channel::Email,
            requester_id: ContactId::generate(),
            organization_id: None,
            group_id: None,
            assignee_id: None,
            tags: Vec::new(),
            custom_fields: Default::default(),
            language: Language::english(),
            links: Vec::new(),
            merged_into: None,
            created_at: now,
            updated_at: now,
            first_response_at: None,
            solved_at: None,
            version: 1,
        }
    }

    #[test]
    fn acknowledgements_speak_the_customers_language_and_carry_the_number() {
        let ticket = ticket();
        let (es, es_text) = acknowledgement("es", &ticket);
        assert_eq!(es, "[#1042] Hemos recibido tu mensaje: Pedido 4411");
        assert!(es_text.contains("1042"));
        let (it, _) = acknowledgement("it-CH", &ticket);
        assert_eq!(it, "[#1042] Abbiamo ricevuto il tuo messaggio: Pedido 4411");
        let (other, _) = acknowledgement("de", &ticket);
        assert_eq!(other, "[#1042] We received your message: Pedido 4411");
        assert_eq!(reply_subject(&ticket), "Re: [#1042] Pedido 4411");
    }
}
