//! Which ticket an inbound email belongs to, in order of trust: its own references (our signed Message-IDs,
//! then any stored Message-ID it answers, nearest first), then a `[#number]` subject token when the sender
//! takes part in that ticket, then a signed reply address it was sent to.

use ayuda_core::id::{ContactId, TicketId, TicketNumber};
use ayuda_core::ticket::Ticket;
use ayuda_mail::{
    InboundEmail, ThreadKey, subject_ticket_number, ticket_from_address, ticket_reference,
};
use ayuda_store::StoreError;

use crate::App;

/// How an email was matched to its ticket, for the log and the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    /// In-Reply-To or References named a message of the ticket.
    Reference,
    /// The subject's `[#number]`, from a participant of the ticket.
    SubjectToken,
    /// A signed `support+t<number>-…@` address it was sent to.
    ReplyAddress,
}

/// Merged tickets are followed to the ticket they were merged into, at most this many steps.
const MAX_MERGE_HOPS: usize = 8;

impl App {
    /// The ticket `email` continues, if any. `sender` is the sender's contact when known.
    pub(crate) async fn find_thread(
        &self,
        key: &ThreadKey,
        email: &InboundEmail,
        sender: Option<ContactId>,
    ) -> Result<Option<(Ticket, MatchedBy)>, StoreError> {
        // In-Reply-To first, then References from the newest.
        let references = email
            .in_reply_to
            .iter()
            .chain(email.references.iter().rev())
            .take(50);
        for reference in references {
            let ticket = match ticket_reference(key, reference) {
                Some(ours) => self.ticket_numbered(ours.ticket_number).await?,
                None => match self.store.find_message_by_external_id(reference).await? {
                    Some((ticket, _)) => self.ticket_by_id(ticket).await?,
                    None => None,
                },
            };
            if let Some(ticket) = ticket {
                return Ok(Some((ticket, MatchedBy::Reference)));
            }
        }
        if let (Some(number), Some(sender)) = (subject_ticket_number(&email.subject), sender)
            && let Some(ticket) = self.ticket_numbered(number).await?
            && self.takes_part(&ticket, sender).await?
        {
            return Ok(Some((ticket, MatchedBy::SubjectToken)));
        }
        for address in email.to.iter().chain(&email.cc) {
            if let Some(number) = ticket_from_address(key, &address.address)
                && let Some(ticket) = self.ticket_numbered(number).await?
            {
                return Ok(Some((ticket, MatchedBy::ReplyAddress)));
            }
        }
        Ok(None)
    }

    async fn ticket_numbered(&self, number: u64) -> Result<Option<Ticket>, StoreError> {
        let Ok(number) = i64::try_from(number) else {
            return Ok(None);
        };
        match self
            .store
            .get_ticket_by_number(TicketNumber(number))
            .await?
        {
            Some(ticket) => self.follow_merges(ticket).await,
            None => Ok(None),
        }
    }

    async fn ticket_by_id(&self, id: TicketId) -> Result<Option<Ticket>, StoreError> {
        match self.store.get_ticket(id).await? {
            Some(ticket) => self.follow_merges(ticket).await,
            None => Ok(None),
        }
    }

    /// The ticket a merged ticket lives on in.
    async fn follow_merges(&self, mut ticket: Ticket) -> Result<Option<Ticket>, StoreError> {
        for _ in 0..MAX_MERGE_HOPS {
            let Some(target) = ticket.merged_into else {
                return Ok(Some(ticket));
            };
            match self.store.get_ticket(target).await? {
                Some(next) => ticket = next,
                None => return Ok(Some(ticket)),
            }
        }
        Ok(Some(ticket))
    }

    /// Whether `contact` is the ticket's requester or one of its followers.
    async fn takes_part(&self, ticket: &Ticket, contact: ContactId) -> Result<bool, StoreError> {
        Ok(ticket.requester_id == contact
            || self
                .store
                .list_followers(ticket.id)
                .await?
                .contains(&contact))
    }
}
