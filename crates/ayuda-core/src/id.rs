//! Typed identifiers: a ticket id cannot be passed where a contact id is expected.
//!
//! Ids are UUID v7, so they sort by creation time; both databases index them as 16 bytes and keyset
//! pagination over them is creation order.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered id.
            pub fn generate() -> $name {
                $name(Uuid::now_v7())
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<$name, uuid::Error> {
                Uuid::parse_str(s).map($name)
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> $name {
                $name(uuid)
            }
        }
    };
}

typed_id!(/// A ticket.
    TicketId);
typed_id!(/// A message on a ticket (reply, note or logged interaction).
    MessageId);
typed_id!(/// An attachment's metadata.
    AttachmentId);
typed_id!(/// A contact: a customer who writes, calls or visits.
    ContactId);
typed_id!(/// An organization that contacts belong to.
    OrganizationId);
typed_id!(/// A group of agents: an area of specialisation such as billing.
    GroupId);
typed_id!(/// An agent: a specialist, supervisor or administrator.
    AgentId);
typed_id!(/// An entry in a ticket's history.
    EventId);
typed_id!(/// An admin-defined custom field.
    FieldId);
typed_id!(/// An API token.
    TokenId);
typed_id!(/// A mailbox Ayuda receives email for (an IMAP account, or an address an MTA pipes to Ayuda).
    MailboxId);
typed_id!(/// One received email, as it arrived: the record of what became of it.
    InboundEmailId);
typed_id!(/// An email waiting in, or sent from, the outbox.
    OutboxId);
typed_id!(/// A canned response: reply text agents insert with one click.
    CannedResponseId);
typed_id!(/// A view an agent saved: a named set of ticket filters.
    SavedViewId);
typed_id!(/// A category of the knowledge base.
    CategoryId);
typed_id!(/// A knowledge base article, in all its translations.
    ArticleId);
typed_id!(/// A file attached to a knowledge base article (an image it shows, a manual it offers).
    ArticleAttachmentId);
typed_id!(/// An announcement to agents: a new product, offering or change.
    AnnouncementId);
typed_id!(/// A business calendar: working hours, time zone and holidays.
    CalendarId);
typed_id!(/// Something an agent is told: assigned to them, a customer replied, an SLA alert, an escalation.
    NotificationId);
typed_id!(/// A service level policy: how soon tickets it applies to must be answered and resolved.
    SlaPolicyId);
typed_id!(/// A trigger: a rule that acts on a ticket when something happens to it.
    TriggerId);
typed_id!(/// A time-based automation: a rule that acts on tickets that have waited long enough.
    TimedRuleId);
typed_id!(/// A call of a webhook by a rule, queued until it is made.
    WebhookCallId);
typed_id!(/// A macro: changes and reply text an agent applies to a ticket in one click.
    MacroId);
typed_id!(/// A category of inquiries that tickets are filed under, for routing, reports and the classifier.
    TicketCategoryId);
typed_id!(/// A satisfaction survey sent for a solved ticket.
    SurveyId);

/// The human ticket number (`#1042`): unique and gapless per installation, assigned by the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TicketNumber(pub i64);

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
