//! Ayuda's own mail to customers, in their language (English for any other): the words are in the Fluent
//! catalogs of `ayuda-i18n` (`email.ftl`).

use ayuda_core::ticket::Ticket;
use ayuda_i18n::{Arg, Locale, Translator};

/// The subject and text of the acknowledgement of a new ticket.
pub(crate) fn acknowledgement(language: &str, ticket: &Ticket) -> (String, String) {
    let words = Translator::new(Locale::from_tag(language).unwrap_or(Locale::DEFAULT));
    let number = ticket.number.0.to_string();
    let heading = words.t1(
        "acknowledgement-subject",
        "subject",
        ticket.subject.as_str(),
    );
    let text = words.t_with("acknowledgement-body", &[Arg::text("number", number)]);
    (
        ayuda_mail::subject_with_token(
            &heading,
            u64::try_from(ticket.number.0).unwrap_or_default(),
        ),
        text,
    )
}

/// The subject and text of the mail that carries a one-time sign-in link.
pub(crate) fn sign_in_link(language: &str, link: &str, minutes: i64) -> (String, String) {
    let words = Translator::new(Locale::from_tag(language).unwrap_or(Locale::DEFAULT));
    let text = words.t_with(
        "sign-in-link-body",
        &[Arg::text("link", link), Arg::number("minutes", minutes)],
    );
    (words.t("sign-in-link-subject"), text)
}

/// The subject and text of a solved ticket's satisfaction survey: `links` holds the link of each rating,
/// 1 to 5, each listed on its own line under the rating's words.
pub(crate) fn survey(language: &str, ticket: &Ticket, links: &[String; 5]) -> (String, String) {
    let words = Translator::new(Locale::from_tag(language).unwrap_or(Locale::DEFAULT));
    let listed: Vec<String> = links
        .iter()
        .enumerate()
        .map(|(i, link)| format!("{}\n{link}", words.t(&format!("survey-rating-{}", i + 1))))
        .collect();
    let text = words.t_with(
        "survey-body",
        &[
            Arg::text("number", ticket.number.0.to_string()),
            Arg::text("subject", ticket.subject.as_str()),
            Arg::text("links", listed.join("\n\n")),
        ],
    );
    let heading = words.t1("survey-subject", "subject", ticket.subject.as_str());
    (
        ayuda_mail::subject_with_token(
            &heading,
            u64::try_from(ticket.number.0).unwrap_or_default(),
        ),
        text,
    )
}

/// The subject of an agent's reply: the ticket's subject as a reply, with its token. "Re:" in every
/// language, the prefix every mail client recognises.
pub(crate) fn reply_subject(ticket: &Ticket) -> String {
    ayuda_mail::subject_with_token(
        &format!("Re: {}", ticket.subject.as_str()),
        u64::try_from(ticket.number.0).unwrap_or_default(),
    )
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
            sla: None,
            category_id: None,
            insight: Default::default(),
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
