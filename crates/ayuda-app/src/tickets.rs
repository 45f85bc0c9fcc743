//! Ticket use cases: open, read, change, reply and read the history, each checked against the principal
//! (lists are in `ticket_list.rs`).

use std::collections::BTreeMap;

use ayuda_core::automation::TriggerEvent;
use ayuda_core::contact::{Contact, EmailAddress, Identity};
use ayuda_core::email::OutboxMail;
use ayuda_core::event::{Change, TicketEvent, Via};
use ayuda_core::field::{FieldDefinition, FieldEntity, FieldInput, FieldValue};
use ayuda_core::id::{AgentId, ContactId, EventId, GroupId, MessageId, TicketId, TicketNumber};
use ayuda_core::message::{
    Author, Direction, Message, MessageKind, fixed_visibility, message_effect,
};
use ayuda_core::permission::{self, Principal};
use ayuda_core::text::{Language, Name, parse_tags};
use ayuda_core::ticket::{
    Channel, FieldChange, LinkKind, Priority, Status, Ticket, TicketChanges, TicketLink,
    TicketSubject, TicketType, apply_changes,
};
use ayuda_core::{FieldError, Invalid, Timestamp};
use ayuda_store::{EmailEffects, MAX_PAGE, NewTicket, Page, Requester, StoreError, TicketWrite};

use crate::blobs::{MAX_UPLOADS, Upload};
use crate::body::parse_body;
use crate::notifications::change_notifications;
use crate::{App, AppError, page_limit, parse_id};

pub use crate::ticket_list::TicketFilters;

/// A new ticket as a client describes it.
#[derive(Debug, Clone, Default)]
pub struct OpenTicket {
    pub subject: String,
    pub body: Option<String>,
    pub body_html: Option<String>,
    /// Who the ticket is for. Required from agents; customers always open tickets for themselves.
    pub requester: Option<RequesterInput>,
    pub channel: Option<String>,
    pub priority: Option<String>,
    pub ticket_type: Option<String>,
    pub group_id: Option<String>,
    pub assignee_id: Option<String>,
    pub tags: Vec<String>,
    pub custom_fields: BTreeMap<String, FieldInput>,
    pub language: Option<String>,
    /// Files already stored as blobs, attached to the first message.
    pub attachments: Vec<Upload>,
    /// When the contact took place (a call yesterday, a letter received last week); now when absent.
    pub occurred_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Default)]
pub struct RequesterInput {
    pub email: String,
    pub name: Option<String>,
}

/// Changes to a ticket as a client describes them: `None` keeps, `Some(None)` clears.
#[derive(Debug, Clone, Default)]
pub struct EditTicket {
    pub subject: Option<String>,
    pub status: Option<String>,
    pub priority: Option<String>,
    pub ticket_type: Option<String>,
    /// The category of the inquiry: an agent confirming or correcting the suggestion, or clearing it.
    pub category_id: Option<Option<String>>,
    pub group_id: Option<Option<String>>,
    pub assignee_id: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    pub custom_fields: Option<BTreeMap<String, FieldInput>>,
    pub language: Option<String>,
    pub links: Option<Vec<(String, String)>>,
    pub merged_into: Option<Option<String>>,
}

/// A message to add to a ticket.
#[derive(Debug, Clone, Default)]
pub struct PostMessage {
    /// `reply` when absent.
    pub kind: Option<String>,
    /// Only for logged interactions; replies are public and notes internal whatever is sent.
    pub internal: Option<bool>,
    pub body: Option<String>,
    pub body_html: Option<String>,
    /// For logged interactions: whether the customer reached us (`inbound`) or we them. Replies by agents are
    /// outbound, by customers inbound.
    pub direction: Option<String>,
    pub channel: Option<String>,
    /// Files already stored as blobs.
    pub attachments: Vec<Upload>,
    /// For logged interactions: when the call, letter, visit or fax took place; now when absent.
    pub occurred_at: Option<Timestamp>,
}

/// How far ahead of the server's clock a contact's time may be: a browser clock a little fast is not a
/// mistake worth refusing.
const CLOCK_SLACK: jiff::SignedDuration = jiff::SignedDuration::from_mins(5);

/// When a message took place: `at` if given and not in the future, now otherwise.
fn occurred(at: Option<Timestamp>, now: Timestamp, invalid: &mut Invalid) -> Timestamp {
    match at {
        Some(at) if at > now + CLOCK_SLACK => {
            invalid.push(FieldError::new("occurred_at", "must not be in the future"));
            now
        }
        Some(at) => at,
        None => now,
    }
}

/// The attachments of a message from its uploads, at most [`MAX_UPLOADS`].
fn uploads(uploads: &[Upload]) -> Result<Vec<ayuda_core::message::Attachment>, AppError> {
    if uploads.len() > MAX_UPLOADS {
        return Err(Invalid::one("attachments", format!("at most {MAX_UPLOADS} files")).into());
    }
    Ok(uploads.iter().map(Upload::attachment).collect())
}

pub(crate) fn optional<T>(
    invalid: &mut Invalid,
    field: &str,
    raw: Option<&str>,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> Option<T> {
    raw.and_then(|raw| invalid.check(field, parse(raw)))
}

impl App {
    /// Opens a ticket with its first message.
    pub async fn open_ticket(
        &self,
        principal: &Principal,
        via: Via,
        input: OpenTicket,
    ) -> Result<(Ticket, Message), AppError> {
        let mut invalid = Invalid::default();
        let subject = invalid.check("subject", TicketSubject::parse(&input.subject));
        let body = parse_body("body", input.body.as_deref(), input.body_html.as_deref())
            .map_err(|e| invalid.0.extend(e.0))
            .ok();
        let channel = optional(
            &mut invalid,
            "channel",
            input.channel.as_deref(),
            Channel::parse,
        );
        let priority = optional(
            &mut invalid,
            "priority",
            input.priority.as_deref(),
            Priority::parse,
        );
        let ticket_type = optional(
            &mut invalid,
            "type",
            input.ticket_type.as_deref(),
            TicketType::parse,
        );
        let group_id: Option<GroupId> =
            optional(&mut invalid, "group", input.group_id.as_deref(), |r| {
                parse_id("", r)
            });
        let assignee_id: Option<AgentId> = optional(
            &mut invalid,
            "assignee",
            input.assignee_id.as_deref(),
            |r| parse_id("", r),
        );
        let tags = parse_tags(&input.tags)
            .map_err(|e| invalid.0.extend(e.0.into_iter().map(|e| e.within("tags"))))
            .ok();
        let language = optional(
            &mut invalid,
            "language",
            input.language.as_deref(),
            Language::parse,
        );
        let custom_fields = self
            .parse_custom_fields(FieldEntity::Ticket, &input.custom_fields, &mut invalid)
            .await?;

        let now = self.clock.now();
        let requester = match principal {
            Principal::Customer { contact_id, .. } => {
                let forbidden = [
                    (input.requester.is_some(), "requester"),
                    (priority.is_some(), "priority"),
                    (group_id.is_some(), "group"),
                    (assignee_id.is_some(), "assignee"),
                    (!input.tags.is_empty(), "tags"),
                ];
                if forbidden.iter().any(|(set, _)| *set) {
                    return Err(AppError::Forbidden(
                        "customers may not set the requester, priority, group, assignee or tags",
                    ));
                }
                Requester::Existing(*contact_id)
            }
            Principal::Agent { .. } => match &input.requester {
                None => {
                    invalid.push(FieldError::new("requester", "is required"));
                    None
                }
                Some(requester) => new_requester(requester, now)
                    .map_err(|e| invalid.0.extend(e.0))
                    .ok(),
            }
            .map(Requester::New)
            .unwrap_or(Requester::Existing(ContactId::generate())),
        };
        self.check_group_and_assignee(group_id, assignee_id, &mut invalid)
            .await?;
        let first_at = occurred(input.occurred_at, now, &mut invalid);
        invalid.into_result()?;
        let (Some(subject), Some(body), Some(tags)) = (subject, body, tags) else {
            return Err(AppError::Invalid(Invalid::one("ticket", "is incomplete")));
        };

        let requester_id = match &requester {
            Requester::Existing(id) => *id,
            Requester::New(contact) => contact.id,
        };
        // Given, else the customer's own, else the one the text is written in, else English.
        let known = match (language, &requester) {
            (Some(language), _) => Some(language),
            (None, Requester::New(contact)) => contact.language.clone(),
            (None, Requester::Existing(id)) => {
                self.store.get_contact(*id).await?.and_then(|c| c.language)
            }
        };
        let language = known
            .or_else(|| {
                let text = format!("{}\n{}", subject.as_str(), body.text);
                ayuda_mail::detect_language(&text, None)
                    .and_then(|detected| Language::parse(detected.code()).ok())
            })
            .unwrap_or_else(Language::english);
        let channel = channel.unwrap_or(if principal.is_customer() {
            Channel::Web
        } else {
            Channel::Api
        });
        let ticket = Ticket {
            id: TicketId::generate(),
            number: TicketNumber(0),
            subject,
            status: if assignee_id.is_some() {
                Status::Open
            } else {
                Status::New
            },
            priority: priority.unwrap_or(Priority::Normal),
            ticket_type: ticket_type.unwrap_or(TicketType::Question),
            channel,
            requester_id,
            organization_id: None,
            group_id,
            assignee_id,
            tags,
            custom_fields,
            language,
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
        };
        // The first message is the customer's inquiry, whoever typed it in; the history records who did.
        let message = Message {
            id: MessageId::generate(),
            ticket_id: ticket.id,
            kind: MessageKind::first_for(channel),
            internal: false,
            direction: Direction::Inbound,
            author: Author::Contact(requester_id),
            channel,
            body_text: body.text,
            body_html: body.html,
            external_id: None,
            attachments: uploads(&input.attachments)?,
            created_at: first_at,
        };
        let events = vec![TicketEvent::new(
            ticket.id,
            principal.author(),
            via,
            Change::Created,
            now,
        )];
        let mut ticket = ticket;
        // A trigger's escalation here is written without claiming the receiving group's routing turn
        // (a new ticket has no version to guard it with): fair enough for one ticket.
        let effects = self
            .fire_triggers(
                TriggerEvent::TicketCreated,
                &mut ticket,
                Some(&message),
                None,
                now,
                match &requester {
                    Requester::New(contact) => Some(contact),
                    Requester::Existing(_) => None,
                },
            )
            .await?;
        let mut events = events;
        events.extend(effects.events);
        self.track_sla(None, &mut ticket, Some(&message), now)
            .await?;
        let mut notifications =
            change_notifications(None, &ticket, principal.author(), Some(&message), now);
        notifications.extend(effects.notifications);
        let created = self
            .store
            .create_ticket(NewTicket {
                ticket,
                requester,
                message,
                events,
                email: EmailEffects {
                    outbox: effects.outbox,
                    webhooks: effects.webhooks,
                    ..EmailEffects::default()
                },
                notifications,
            })
            .await?;
        let ticket = self.routed(created.ticket).await;
        Ok((ticket, created.message))
    }

    /// A ticket the principal may see.
    pub async fn ticket(&self, principal: &Principal, id: TicketId) -> Result<Ticket, AppError> {
        match self.store.get_ticket(id).await? {
            Some(ticket) if permission::can_view_ticket(principal, &ticket) => Ok(ticket),
            _ => Err(AppError::NotFound("ticket")),
        }
    }

    /// A ticket the principal may see, by the number people quote.
    pub async fn ticket_by_number(
        &self,
        principal: &Principal,
        number: i64,
    ) -> Result<Ticket, AppError> {
        match self
            .store
            .get_ticket_by_number(ayuda_core::id::TicketNumber(number))
            .await?
        {
            Some(ticket) if permission::can_view_ticket(principal, &ticket) => Ok(ticket),
            _ => Err(AppError::NotFound("ticket")),
        }
    }

    /// Changes a ticket, retrying on a concurrent change so the caller's edit applies to the latest state.
    pub async fn edit_ticket(
        &self,
        principal: &Principal,
        via: Via,
        id: TicketId,
        input: EditTicket,
    ) -> Result<Ticket, AppError> {
        let changes = self.parse_changes(&input).await?;
        permission::can_update_ticket(principal, &changes)
            .map_err(|denied| AppError::Forbidden(denied.0))?;
        for _ in 0..5 {
            let mut ticket = self.ticket(principal, id).await?;
            if let Some(Some(target)) = changes.merged_into {
                // Only "not found" is the client's mistake; a failing database stays a server error.
                match self.ticket(principal, target).await {
                    Err(AppError::NotFound(_)) => {
                        return Err(Invalid::one("merged_into", "does not exist").into());
                    }
                    other => {
                        other?;
                    }
                }
            }
            let now = self.clock.now();
            let before = ticket.clone();
            let log = apply_changes(&mut ticket, &changes, now)?;
            if log.is_empty() {
                return Ok(ticket);
            }
            if let Some(written) = self
                .write_field_changes(principal, via, &before, ticket, log, now)
                .await?
            {
                return Ok(self.routed(written).await);
            }
        }
        Err(AppError::Conflict(
            "the ticket is changing too fast; try again".into(),
        ))
    }

    /// Writes the field changes `log` that `principal` made to `ticket` (read as `before`), with their
    /// history, the triggers they fire, the SLA clocks and whom to tell, in one write. `Ok(None)` when the
    /// ticket changed meanwhile: the caller reads it again and retries.
    pub(crate) async fn write_field_changes(
        &self,
        principal: &Principal,
        via: Via,
        before: &Ticket,
        mut ticket: Ticket,
        log: Vec<FieldChange>,
        now: Timestamp,
    ) -> Result<Option<Ticket>, AppError> {
        let mut events = field_events(ticket.id, principal.author(), via, log, now);
        let effects = self
            .fire_triggers(
                TriggerEvent::TicketUpdated,
                &mut ticket,
                None,
                None,
                now,
                None,
            )
            .await?;
        events.extend(effects.events);
        self.track_sla(Some(before), &mut ticket, None, now).await?;
        let mut notifications =
            change_notifications(Some(before), &ticket, principal.author(), None, now);
        notifications.extend(effects.notifications);
        let written = self
            .store
            .write_ticket(TicketWrite {
                ticket,
                message: None,
                events,
                email: EmailEffects {
                    outbox: effects.outbox,
                    webhooks: effects.webhooks,
                    ..EmailEffects::default()
                },
                notifications,
                routing: effects.routing,
            })
            .await;
        match written {
            Err(StoreError::Conflict) => Ok(None),
            written => {
                let written = written?;
                self.changed(written.id);
                Ok(Some(written))
            }
        }
    }

    /// Adds a reply, note or logged interaction, moving the ticket along as the lifecycle rules say.
    pub async fn post_message(
        &self,
        principal: &Principal,
        via: Via,
        id: TicketId,
        input: PostMessage,
    ) -> Result<Message, AppError> {
        let mut invalid = Invalid::default();
        let kind = optional(
            &mut invalid,
            "kind",
            input.kind.as_deref(),
            MessageKind::parse,
        )
        .unwrap_or(MessageKind::Reply);
        let body = parse_body("body", input.body.as_deref(), input.body_html.as_deref())
            .map_err(|e| invalid.0.extend(e.0))
            .ok();
        let direction = optional(
            &mut invalid,
            "direction",
            input.direction.as_deref(),
            Direction::parse,
        );
        let channel = optional(
            &mut invalid,
            "channel",
            input.channel.as_deref(),
            Channel::parse,
        );
        let internal = match (fixed_visibility(kind), input.internal) {
            (Some(fixed), Some(asked)) if fixed != asked => {
                invalid.push(FieldError::new(
                    "internal",
                    format!(
                        "a {kind} is always {}",
                        if fixed { "internal" } else { "public" }
                    ),
                ));
                fixed
            }
            (Some(fixed), _) => fixed,
            (None, asked) => asked.unwrap_or(false),
        };
        if input.occurred_at.is_some() && !kind.is_interaction() {
            invalid.push(FieldError::new(
                "occurred_at",
                "is only for a logged call, letter, visit or fax",
            ));
        }
        let occurred_at = occurred(input.occurred_at, self.clock.now(), &mut invalid);
        invalid.into_result()?;
        let Some(body) = body else {
            return Err(Invalid::one("body", "must not be empty").into());
        };
        permission::can_add_message(principal, kind, internal)
            .map_err(|denied| AppError::Forbidden(denied.0))?;
        let author = principal.author();
        let direction = direction.unwrap_or(match author {
            Author::Contact(_) => Direction::Inbound,
            Author::Agent(_) | Author::System => Direction::Outbound,
        });

        // An agent's public reply goes to the customer by email, from the outbox, in the same write.
        let emailed = matches!(author, Author::Agent(_)) && kind == MessageKind::Reply && !internal;
        for _ in 0..5 {
            let mut ticket = self.ticket(principal, id).await?;
            let outbox = if emailed {
                self.reply_mail(&ticket).await?
            } else {
                None
            };
            if ticket.status == Status::Closed && !internal {
                return Err(AppError::Conflict(
                    "the ticket is closed; open a follow-up ticket instead".into(),
                ));
            }
            let now = self.clock.now();
            let message = Message {
                id: MessageId::generate(),
                ticket_id: ticket.id,
                kind,
                internal,
                direction,
                author,
                channel: channel.unwrap_or(ticket.channel),
                body_text: body.text.clone(),
                body_html: body.html.clone(),
                external_id: outbox.as_ref().and_then(|(_, id)| id.clone()),
                attachments: uploads(&input.attachments)?,
                // The conversation keeps the order things were recorded in; the time is when it happened.
                created_at: if input.occurred_at.is_some() {
                    occurred_at
                } else {
                    now
                },
            };
            let outbox: Vec<OutboxMail> = outbox
                .map(|(mut mail, _)| {
                    mail.message_id = Some(message.id);
                    mail.created_at = now;
                    mail.next_attempt_at = now;
                    mail
                })
                .into_iter()
                .collect();
            let before = ticket.clone();
            let effect = message_effect(&ticket, author, internal, direction);
            let changes = TicketChanges {
                status: effect.status,
                ..TicketChanges::default()
            };
            let log = apply_changes(&mut ticket, &changes, now)?;
            if effect.first_response {
                ticket.first_response_at = Some(now);
            }
            ticket.updated_at = now;
            let trigger_event = match author {
                Author::Contact(_) => TriggerEvent::CustomerReplied,
                Author::Agent(_) | Author::System => TriggerEvent::TicketUpdated,
            };
            let effects = self
                .fire_triggers(trigger_event, &mut ticket, Some(&message), None, now, None)
                .await?;
            self.track_sla(Some(&before), &mut ticket, Some(&message), now)
                .await?;
            let mut events = vec![TicketEvent::new(
                ticket.id,
                author,
                via,
                Change::MessageAdded {
                    message_id: message.id,
                    kind,
                    internal,
                },
                now,
            )];
            events.extend(field_events(ticket.id, author, via, log, now));
            events.extend(effects.events);
            let mut outbox = outbox;
            outbox.extend(effects.outbox);
            let webhooks = effects.webhooks;
            let mut notifications =
                change_notifications(Some(&before), &ticket, author, Some(&message), now);
            notifications.extend(effects.notifications);
            match self
                .store
                .write_ticket(TicketWrite {
                    notifications,
                    ticket,
                    message: Some(message.clone()),
                    events,
                    email: EmailEffects {
                        outbox,
                        webhooks,
                        ..EmailEffects::default()
                    },
                    routing: effects.routing,
                })
                .await
            {
                Err(StoreError::Conflict) => continue,
                result => {
                    result?;
                    self.changed(message.ticket_id);
                    return Ok(message);
                }
            }
        }
        Err(AppError::Conflict(
            "the ticket is changing too fast; try again".into(),
        ))
    }

    /// A page of a ticket's messages; customers never see internal ones.
    pub async fn messages(
        &self,
        principal: &Principal,
        id: TicketId,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<Message, MessageId>, AppError> {
        let limit = page_limit(limit)?;
        let after = cursor.map(|c| parse_id("cursor", c)).transpose()?;
        self.ticket(principal, id).await?;
        Ok(self
            .store
            .list_messages(
                id,
                permission::can_see_message(principal, true),
                after,
                limit,
            )
            .await?)
    }

    /// Every message of a ticket the principal may see, oldest first (read a page at a time).
    pub async fn all_messages(
        &self,
        principal: &Principal,
        ticket: TicketId,
    ) -> Result<Vec<Message>, AppError> {
        let mut messages = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = self
                .messages(principal, ticket, cursor.as_deref(), Some(MAX_PAGE))
                .await?;
            messages.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = Some(next.to_string()),
                None => return Ok(messages),
            }
        }
    }

    /// One message of a ticket, if the principal may see it.
    pub async fn message_of(
        &self,
        principal: &Principal,
        ticket: TicketId,
        message: MessageId,
    ) -> Result<Message, AppError> {
        self.all_messages(principal, ticket)
            .await?
            .into_iter()
            .find(|m| m.id == message)
            .ok_or(AppError::NotFound("message"))
    }

    /// A page of a ticket's history; customers never see entries about internal notes.
    pub async fn history(
        &self,
        principal: &Principal,
        id: TicketId,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<TicketEvent, EventId>, AppError> {
        let limit = page_limit(limit)?;
        let after = cursor.map(|c| parse_id("cursor", c)).transpose()?;
        self.ticket(principal, id).await?;
        Ok(self
            .store
            .list_events(
                id,
                permission::can_see_message(principal, true),
                after,
                limit,
            )
            .await?)
    }

    async fn parse_changes(&self, input: &EditTicket) -> Result<TicketChanges, AppError> {
        let mut invalid = Invalid::default();
        let mut changes = TicketChanges {
            subject: optional(
                &mut invalid,
                "subject",
                input.subject.as_deref(),
                TicketSubject::parse,
            ),
            status: optional(
                &mut invalid,
                "status",
                input.status.as_deref(),
                Status::parse,
            ),
            priority: optional(
                &mut invalid,
                "priority",
                input.priority.as_deref(),
                Priority::parse,
            ),
            ticket_type: optional(
                &mut invalid,
                "type",
                input.ticket_type.as_deref(),
                TicketType::parse,
            ),
            language: optional(
                &mut invalid,
                "language",
                input.language.as_deref(),
                Language::parse,
            ),
            ..TicketChanges::default()
        };
        changes.category_id = input.category_id.as_ref().map(|c| {
            c.as_deref()
                .and_then(|r| invalid.check("category", parse_id("", r)))
        });
        changes.group_id = input.group_id.as_ref().map(|g| {
            g.as_deref()
                .and_then(|r| invalid.check("group", parse_id("", r)))
        });
        changes.assignee_id = input.assignee_id.as_ref().map(|a| {
            a.as_deref()
                .and_then(|r| invalid.check("assignee", parse_id("", r)))
        });
        changes.merged_into = input.merged_into.as_ref().map(|m| {
            m.as_deref()
                .and_then(|r| invalid.check("merged_into", parse_id("", r)))
        });
        if let Some(tags) = &input.tags {
            changes.tags = parse_tags(tags)
                .map_err(|e| invalid.0.extend(e.0.into_iter().map(|e| e.within("tags"))))
                .ok();
        }
        if let Some(links) = &input.links {
            let mut parsed = Vec::new();
            for (i, (ticket_id, kind)) in links.iter().enumerate() {
                let field = format!("links.{i}");
                let ticket_id =
                    invalid.check(&format!("{field}.ticket_id"), parse_id("", ticket_id));
                let kind = invalid.check(&format!("{field}.kind"), LinkKind::parse(kind));
                if let (Some(ticket_id), Some(kind)) = (ticket_id, kind) {
                    parsed.push(TicketLink { ticket_id, kind });
                }
            }
            for link in &parsed {
                if self.store.get_ticket(link.ticket_id).await?.is_none() {
                    invalid.push(FieldError::new(
                        "links",
                        format!("ticket {} does not exist", link.ticket_id),
                    ));
                }
            }
            changes.links = Some(parsed);
        }
        if let Some(fields) = &input.custom_fields {
            let parsed = self
                .parse_custom_field_changes(FieldEntity::Ticket, fields, &mut invalid)
                .await?;
            changes.custom_fields = Some(parsed);
        }
        let group = changes.group_id.flatten();
        let assignee = changes.assignee_id.flatten();
        self.check_group_and_assignee(group, assignee, &mut invalid)
            .await?;
        invalid.into_result()?;
        if changes.is_empty() {
            return Err(Invalid::one("", "nothing to change").into());
        }
        Ok(changes)
    }

    async fn check_group_and_assignee(
        &self,
        group: Option<GroupId>,
        assignee: Option<AgentId>,
        invalid: &mut Invalid,
    ) -> Result<(), AppError> {
        if let Some(group) = group
            && self.store.get_group(group).await?.is_none()
        {
            invalid.push(FieldError::new("group", "does not exist"));
        }
        if let Some(assignee) = assignee {
            match self.store.get_agent(assignee).await? {
                Some(agent) if agent.active => {}
                Some(_) => invalid.push(FieldError::new("assignee", "is deactivated")),
                None => invalid.push(FieldError::new("assignee", "does not exist")),
            }
        }
        Ok(())
    }

    /// Checks custom field values against the definitions of `entity`: `Some` sets a value, `None` (a JSON
    /// null) clears one. Unknown keys and wrong values are recorded in `invalid`.
    pub(crate) async fn parse_custom_field_changes(
        &self,
        entity: FieldEntity,
        input: &BTreeMap<String, FieldInput>,
        invalid: &mut Invalid,
    ) -> Result<BTreeMap<String, Option<FieldValue>>, AppError> {
        let definitions = self.field_definitions(Some(entity)).await?;
        Ok(field_changes(&definitions, input, invalid))
    }

    /// The values of a new record's custom fields; required fields must be among them.
    pub(crate) async fn parse_custom_fields(
        &self,
        entity: FieldEntity,
        input: &BTreeMap<String, FieldInput>,
        invalid: &mut Invalid,
    ) -> Result<BTreeMap<String, FieldValue>, AppError> {
        let definitions = self.field_definitions(Some(entity)).await?;
        let values = field_changes(&definitions, input, invalid)
            .into_iter()
            .filter_map(|(key, value)| Some((key, value?)))
            .collect();
        for definition in definitions
            .iter()
            .filter(|d| d.required && !input.contains_key(d.key.as_str()))
        {
            invalid.push(FieldError::new(
                format!("custom_fields.{}", definition.key.as_str()),
                "is required",
            ));
        }
        Ok(values)
    }
}

/// Checks each input value against its definition, keyed as in the input.
fn field_changes(
    definitions: &[FieldDefinition],
    input: &BTreeMap<String, FieldInput>,
    invalid: &mut Invalid,
) -> BTreeMap<String, Option<FieldValue>> {
    let mut changes = BTreeMap::new();
    for (key, raw) in input {
        let field = format!("custom_fields.{key}");
        match definitions.iter().find(|d| d.key.as_str() == key) {
            None => invalid.push(FieldError::new(field, "is not a defined field")),
            Some(definition) => {
                if let Some(value) = invalid.check(&field, definition.parse_value(raw)) {
                    changes.insert(key.clone(), value);
                }
            }
        }
    }
    changes
}

/// A contact to create for a requester known only by email (the store reuses an existing one).
fn new_requester(input: &RequesterInput, now: Timestamp) -> Result<Contact, Invalid> {
    let mut invalid = Invalid::default();
    let email = invalid.check("requester.email", EmailAddress::parse(&input.email));
    let name = match input.name.as_deref().filter(|n| !n.trim().is_empty()) {
        Some(name) => invalid.check("requester.name", Name::parse(name)),
        // With no name given, the part before the @ is a better label than nothing.
        None => email
            .as_ref()
            .and_then(|e| Name::parse(e.as_str().split('@').next().unwrap_or("customer")).ok()),
    };
    invalid.into_result()?;
    let (Some(email), Some(name)) = (email, name) else {
        return Err(Invalid::one("requester", "is incomplete"));
    };
    Ok(Contact {
        id: ContactId::generate(),
        name,
        identities: vec![Identity::email(&email)],
        language: None,
        time_zone: None,
        organization_id: None,
        notes: String::new(),
        custom_fields: BTreeMap::new(),
        created_at: now,
        updated_at: now,
    })
}

pub(crate) fn field_events(
    ticket: TicketId,
    actor: Author,
    via: Via,
    log: Vec<FieldChange>,
    at: Timestamp,
) -> Vec<TicketEvent> {
    log.into_iter()
        .map(|change| TicketEvent::new(ticket, actor, via, Change::Field(change), at))
        .collect()
}
