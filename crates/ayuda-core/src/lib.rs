//! The domain of Ayuda, a help desk: tickets and their lifecycle, messages, contacts, organizations, agents,
//! custom fields, history events and permissions.
//!
//! This crate is pure: no async, no I/O, no database and no wire format. Everything that comes from outside
//! (an HTTP body, a database row, a command-line flag) is parsed into the newtypes here, so code that holds a
//! [`ticket::TicketSubject`] or an [`contact::EmailAddress`] never has to check it again ("parse, don't validate").
//! Rules that decide something (which status may follow which, who may see a ticket, what a reply does to a
//! ticket) are plain functions over these values, so they are tested without a database.

#[macro_use]
mod string_enum;

pub mod agent;
pub mod automation;
pub mod calendar;
pub mod canned;
pub mod clock;
pub mod contact;
pub mod email;
pub mod error;
pub mod event;
pub mod field;
pub mod id;
pub mod insight;
pub mod knowledge;
pub mod macros;
pub mod message;
pub mod notification;
pub mod permission;
pub mod presence;
pub mod report;
pub mod routing;
pub mod saved_view;
pub mod sign_in_link;
pub mod sla;
pub mod text;
pub mod ticket;
pub mod webhook;

pub use error::{FieldError, Invalid};
pub use jiff::Timestamp;
