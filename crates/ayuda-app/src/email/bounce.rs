//! Delivery failure reports: the bounced address is marked, and the report is noted on the ticket whose
//! mail bounced, found through the copy of the original's headers the report carries; a report for no known
//! mail is quarantined.

use ayuda_core::contact::EmailAddress;
use ayuda_core::email::InboundState;
use ayuda_core::event::{Change, TicketEvent, Via};
use ayuda_core::id::MessageId;
use ayuda_core::message::{Author, Direction, Message, MessageKind};
use ayuda_core::ticket::Channel;
use ayuda_mail::{InboundEmail, ThreadKey};
use ayuda_store::{BouncedAddress, EmailEffects, StoreError, TicketWrite};

use crate::email::ingest::{Ingested, Receipt, Stop};
use crate::{App, AppError};

impl App {
    pub(super) async fn process_bounce(
        &self,
        receipt: &Receipt,
        message_key: &str,
        key: &ThreadKey,
        email: &InboundEmail,
    ) -> Result<Ingested, Stop> {
        let report = email.bounce.clone().unwrap_or_default();
        let now = self.clock.now();
        let bounced = report
            .recipients
            .iter()
            .find_map(|r| EmailAddress::parse(r).ok())
            .map(|address| BouncedAddress {
                address,
                reason: report.reason(),
                at: now,
            });
        // The bounced mail's own Message-ID (from the copy of its headers) is the best reference.
        let mut lookup = email.clone();
        if let Some(original) = &report.original_message_id {
            lookup.in_reply_to.insert(0, original.clone());
        }
        let ticket = self.find_thread(key, &lookup, None).await?;
        let Some((ticket, _)) = ticket else {
            let mut record = receipt.record(
                message_key.to_owned(),
                InboundState::Quarantined,
                Some("a delivery failure report for no mail of a known ticket".into()),
                None,
                None,
            );
            record.bounced = bounced;
            self.store.record_inbound(record).await?;
            return Ok(Ingested::Quarantined {
                id: receipt.id,
                reason: "a delivery failure report for no mail of a known ticket".into(),
            });
        };
        let who = bounced
            .as_ref()
            .map_or_else(|| "a recipient".to_owned(), |b| b.address.to_string());
        let note = Message {
            id: MessageId::generate(),
            ticket_id: ticket.id,
            kind: MessageKind::Note,
            internal: true,
            direction: Direction::Inbound,
            author: Author::System,
            channel: Channel::Email,
            body_text: format!("Mail to {who} could not be delivered: {}", report.reason()),
            body_html: None,
            external_id: email.message_id.clone(),
            attachments: Vec::new(),
            created_at: now,
        };
        for _ in 0..5 {
            let Some(mut current) = self.store.get_ticket(ticket.id).await? else {
                break;
            };
            current.updated_at = now;
            let mut record = receipt.record(
                message_key.to_owned(),
                InboundState::Bounce,
                Some(report.reason()),
                Some(current.id),
                Some(note.id),
            );
            record.bounced = bounced.clone();
            let number = current.number;
            let events = vec![TicketEvent::new(
                current.id,
                Author::System,
                Via::Email,
                Change::MessageAdded {
                    message_id: note.id,
                    kind: MessageKind::Note,
                    internal: true,
                },
                now,
            )];
            let write = TicketWrite {
                notifications: Vec::new(),
                ticket: current,
                message: Some(note.clone()),
                events,
                email: EmailEffects {
                    inbound: Some(record),
                    ..EmailEffects::default()
                },
                routing: None,
            };
            match self.store.write_ticket(write).await {
                Err(StoreError::Conflict) => continue,
                Err(error) => return Err(error.into()),
                Ok(_) => {
                    return Ok(Ingested::Bounce {
                        ticket: ticket.id,
                        number,
                    });
                }
            }
        }
        Err(Stop::Temporary(AppError::Conflict(
            "the ticket is changing too fast; try again".into(),
        )))
    }
}
