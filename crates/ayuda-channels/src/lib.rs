//! Ayuda's I/O adapters for the channels: the network protocols mail arrives and leaves by, and the HTTP
//! calls rules make to other systems (webhooks).
//!
//! Each adapter only moves bytes and reports outcomes; what a message means and where it belongs is decided
//! by `ayuda-app` (`App::ingest_email`, `App::send_due_mail`), so every way in shares one pipeline and one set
//! of rules.

pub mod imap;
pub mod lmtp;
pub mod smtp;
pub mod webhook;
