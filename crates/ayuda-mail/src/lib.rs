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

mod inbound;

pub use inbound::{AttachmentPart, Automation, InboundEmail, Mailbox, Unreadable, parse};
