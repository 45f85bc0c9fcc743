//! Pure email logic for Ayuda: raw MIME in, plain values out. No I/O, no database, no network.
//!
//! [`parse`] turns the bytes of a message, as an MTA, an IMAP server or an HTTP relay hands them over, into an
//! [`InboundEmail`]: the headers threading needs (Message-ID, In-Reply-To, References), the people, the text
//! and HTML bodies, attachment metadata, and whether the message was sent by a machine (an auto-reply, a
//! bounce, a mailing list) so that Ayuda never answers one and starts a loop. Decoding of charsets and encoded
//! words is mail-parser's; what Ayuda decides about a message lives here.
//!
//! A message that cannot be understood is an [`Unreadable`] error, never a panic: the caller keeps its raw bytes
//! in quarantine.
//!
//! - `threading`: signed Message-IDs, reply addresses and subject tokens that lead a reply back to its ticket
//!   ([`outbound_message_id`], [`ticket_reference`], [`reply_address`], [`subject_ticket_number`]).

mod inbound;
mod threading;

pub use inbound::{AttachmentPart, Automation, InboundEmail, Mailbox, Unreadable, parse};
pub use threading::{
    ThreadKey, TicketReference, outbound_message_id, recipient_tag, reply_address,
    strip_reply_prefixes, subject_ticket_number, subject_with_token, ticket_from_address,
    ticket_reference,
};
