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
//! - `compose`: an [`OutboundEmail`] into MIME bytes, encoded words and RFC 3834 marks included, header
//!   injection neutralised ([`compose`]).
//! - `sanitize`: a message's HTML made safe to display, remote images blocked and counted ([`sanitize_html`]),
//!   and text for HTML-only messages ([`html_to_text`]).
//! - `language`: the language a customer wrote in, among those Ayuda answers in ([`detect_language`]).

mod compose;
mod inbound;
mod language;
mod reply;
mod sanitize;
mod threading;

pub use compose::{AutoSubmitted, OutboundEmail, compose};
pub use inbound::{
    AttachmentPart, Automation, BounceReport, InboundEmail, Mailbox, Unreadable, parse,
};
pub use language::{DetectedLanguage, detect_language};
pub use reply::{ReplyText, extract_reply, extract_reply_html, strip_quotes, strip_signature};
pub use sanitize::{HtmlPolicy, SanitizedHtml, html_to_text, sanitize_html};
pub use threading::{
    ThreadKey, TicketReference, outbound_message_id, recipient_tag, reply_address,
    strip_reply_prefixes, subject_ticket_number, subject_with_token, ticket_from_address,
    ticket_reference,
};
