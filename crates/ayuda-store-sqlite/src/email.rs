//! The email channel's tables: settings, mailboxes, received emails, followers, bounces and the outbox.
//! [`write_effects`] runs inside the ticket writes, so an email and the ticket it changed commit together.

use ayuda_core::Timestamp;
use ayuda_core::contact::EmailAddress;
use ayuda_core::email::{
    ImapAccount, ImapPosition, InboundEmail, InboundSource, InboundState, MailContent, Mailbox,
    OutboxKind, OutboxMail, OutboxState, Password, TlsMode,
};
use ayuda_core::id::{
    ContactId, GroupId, InboundEmailId, MailboxId, MessageId, OutboxId, TicketId,
};
use ayuda_store::codec::{self, CorruptValue};
use ayuda_store::{
    BouncedAddress, DUPLICATE_EMAIL, EmailEffects, InboundRecord, MAX_PAGE, Page, SendOutcome,
    StoreError,
};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use crate::error::{Error, is_foreign_key_violation, is_unique_violation};
use crate::rows::{after_key, corrupt, key, micros, optional_timestamp, parse, timestamp};

// Settings.

pub(crate) fn setting(db: &Connection, name: &str) -> Result<Option<String>, Error> {
    Ok(db
        .prepare_cached("SELECT value FROM setting WHERE key = ?1")?
        .query_row([name], |row| row.get(0))
        .optional()?)
}

pub(crate) fn init_setting(db: &Connection, name: &str, value: &str) -> Result<String, Error> {
    db.prepare_cached("INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?
        .execute([name, value])?;
    setting(db, name)?.ok_or_else(|| StoreError::NotFound.into())
}

// Mailboxes.

const MAILBOX_COLUMNS: &str = "id, name, address, group_id, imap_host, imap_port, imap_tls, imap_user, \
     imap_password, imap_folder, imap_processed, active, created_at, updated_at";

fn read_mailbox(row: &Row<'_>) -> rusqlite::Result<Result<Mailbox, CorruptValue>> {
    let id: [u8; 16] = row.get(0)?;
    let name: String = row.get(1)?;
    let address: String = row.get(2)?;
    let group_id: Option<[u8; 16]> = row.get(3)?;
    let host: Option<String> = row.get(4)?;
    let port: Option<i64> = row.get(5)?;
    let tls: Option<String> = row.get(6)?;
    let user: Option<String> = row.get(7)?;
    let password: Option<String> = row.get(8)?;
    let folder: Option<String> = row.get(9)?;
    let processed: Option<String> = row.get(10)?;
    let active: bool = row.get(11)?;
    let created_at: i64 = row.get(12)?;
    let updated_at: i64 = row.get(13)?;
    Ok((|| {
        let imap = match (host, port, tls, user, password, folder) {
            (Some(host), Some(port), Some(tls), Some(user), Some(password), Some(folder)) => {
                Some(ImapAccount {
                    host,
                    port: u16::try_from(port).map_err(|e| corrupt("imap_port", e))?,
                    tls: parse("imap_tls", TlsMode::parse(&tls))?,
                    user,
                    password: Password(password),
                    folder,
                    processed_folder: processed,
                })
            }
            _ => None,
        };
        Ok(Mailbox {
            id: MailboxId(Uuid::from_bytes(id)),
            name,
            address: parse("address", EmailAddress::parse(&address))?,
            group_id: group_id.map(|g| GroupId(Uuid::from_bytes(g))),
            imap,
            active,
            created_at: timestamp("created_at", created_at)?,
            updated_at: timestamp("updated_at", updated_at)?,
        })
    })())
}

fn mailbox_failure(db: &Connection, mailbox: &Mailbox, error: rusqlite::Error) -> Error {
    let error = Error::from(error);
    if is_unique_violation(&error) {
        return StoreError::Duplicate("mailbox name".into()).into();
    }
    if is_foreign_key_violation(&error)
        && let Some(group) = mailbox.group_id
        && crate::directory::get_group(db, group).is_ok_and(|g| g.is_none())
    {
        return StoreError::MissingReference("group".into()).into();
    }
    error
}

pub(crate) fn create_mailbox(db: &Connection, mailbox: Mailbox) -> Result<Mailbox, Error> {
    let sql = format!(
        "INSERT INTO mailbox ({MAILBOX_COLUMNS}, name_key) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
    );
    write_mailbox(db, &sql, &mailbox)?;
    Ok(mailbox)
}

pub(crate) fn update_mailbox(db: &Connection, mailbox: Mailbox) -> Result<Mailbox, Error> {
    // The same parameters as the insert. The creation time (?13) is not written: it is only mentioned, in a
    // condition that always holds, so both statements take one parameter list.
    let changed = write_mailbox(
        db,
        "UPDATE mailbox SET name = ?2, address = ?3, group_id = ?4, imap_host = ?5, imap_port = ?6, \
         imap_tls = ?7, imap_user = ?8, imap_password = ?9, imap_folder = ?10, imap_processed = ?11, \
         active = ?12, updated_at = ?14, name_key = ?15 WHERE id = ?1 AND ?13 IS NOT NULL",
        &mailbox,
    )?;
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(mailbox)
}

/// Runs `sql` with the mailbox's columns as `?1`..`?15`, in [`MAILBOX_COLUMNS`] order and then the name key;
/// returns the rows changed.
fn write_mailbox(db: &Connection, sql: &str, mailbox: &Mailbox) -> Result<usize, Error> {
    let imap = mailbox.imap.as_ref();
    db.prepare_cached(sql)?
        .execute(params![
            key(mailbox.id.0),
            mailbox.name,
            mailbox.address.as_str(),
            mailbox.group_id.map(|g| key(g.0)),
            imap.map(|i| i.host.as_str()),
            imap.map(|i| i.port),
            imap.map(|i| i.tls.as_str()),
            imap.map(|i| i.user.as_str()),
            imap.map(|i| i.password.0.as_str()),
            imap.map(|i| i.folder.as_str()),
            imap.and_then(|i| i.processed_folder.as_deref()),
            mailbox.active,
            micros(mailbox.created_at),
            micros(mailbox.updated_at),
            codec::lookup_key(&mailbox.name),
        ])
        .map_err(|e| mailbox_failure(db, mailbox, e))
}

pub(crate) fn get_mailbox(db: &Connection, id: MailboxId) -> Result<Option<Mailbox>, Error> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT {MAILBOX_COLUMNS} FROM mailbox WHERE id = ?1"
    ))?;
    Ok(statement
        .query_row([key(id.0)], read_mailbox)
        .optional()?
        .transpose()?)
}

pub(crate) fn find_mailbox(db: &Connection, name: &str) -> Result<Option<Mailbox>, Error> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT {MAILBOX_COLUMNS} FROM mailbox WHERE name_key = ?1"
    ))?;
    Ok(statement
        .query_row([codec::lookup_key(name)], read_mailbox)
        .optional()?
        .transpose()?)
}

pub(crate) fn list_mailboxes(db: &Connection) -> Result<Vec<Mailbox>, Error> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT {MAILBOX_COLUMNS} FROM mailbox ORDER BY id"
    ))?;
    let rows = statement.query_map([], read_mailbox)?;
    let mut mailboxes = Vec::new();
    for row in rows {
        mailboxes.push(row??);
    }
    Ok(mailboxes)
}

// Received mail.

const INBOUND_COLUMNS: &str = "id, mailbox_id, source, imap_uid_validity, imap_uid, message_key, \
     raw_sha256, raw_size, state, reason, ticket_id, message_id, received_at, imap_account";

fn read_inbound(row: &Row<'_>) -> rusqlite::Result<Result<InboundEmail, CorruptValue>> {
    let id: [u8; 16] = row.get(0)?;
    let mailbox_id: Option<[u8; 16]> = row.get(1)?;
    let source: String = row.get(2)?;
    let uid_validity: Option<i64> = row.get(3)?;
    let uid: Option<i64> = row.get(4)?;
    let message_key: String = row.get(5)?;
    let raw_sha256: String = row.get(6)?;
    let raw_size: i64 = row.get(7)?;
    let state: String = row.get(8)?;
    let reason: Option<String> = row.get(9)?;
    let ticket_id: Option<[u8; 16]> = row.get(10)?;
    let message_id: Option<[u8; 16]> = row.get(11)?;
    let received_at: i64 = row.get(12)?;
    let account: Option<i64> = row.get(13)?;
    Ok((|| {
        let imap = match (uid_validity, uid) {
            (Some(uid_validity), Some(uid)) => Some(ImapPosition {
                account: account.unwrap_or_default(),
                uid_validity: u32::try_from(uid_validity)
                    .map_err(|e| corrupt("imap_uid_validity", e))?,
                uid: u32::try_from(uid).map_err(|e| corrupt("imap_uid", e))?,
            }),
            _ => None,
        };
        Ok(InboundEmail {
            id: InboundEmailId(Uuid::from_bytes(id)),
            mailbox_id: mailbox_id.map(|m| MailboxId(Uuid::from_bytes(m))),
            source: parse("source", InboundSource::parse(&source))?,
            imap,
            message_key,
            raw_sha256,
            raw_size,
            state: parse("state", InboundState::parse(&state))?,
            reason,
            ticket_id: ticket_id.map(|t| TicketId(Uuid::from_bytes(t))),
            message_id: message_id.map(|m| MessageId(Uuid::from_bytes(m))),
            received_at: timestamp("received_at", received_at)?,
        })
    })())
}

/// Writes `record`: replaces the quarantined record with the same id (an admin's retry), or inserts it.
/// A second record of the same email (message key or IMAP position) is a [`DUPLICATE_EMAIL`].
fn write_inbound(db: &Connection, record: &InboundRecord) -> Result<(), Error> {
    let email = &record.email;
    let duplicate = |error: rusqlite::Error| {
        let error = Error::from(error);
        if is_unique_violation(&error) {
            StoreError::Duplicate(DUPLICATE_EMAIL.into()).into()
        } else {
            error
        }
    };
    let replaced = db
        .prepare_cached(
            "UPDATE inbound_email SET state = ?2, reason = ?3, ticket_id = ?4, message_id = ?5 \
             WHERE id = ?1 AND state = 'quarantined'",
        )?
        .execute(params![
            key(email.id.0),
            email.state.as_str(),
            email.reason,
            email.ticket_id.map(|t| key(t.0)),
            email.message_id.map(|m| key(m.0)),
        ])
        .map_err(duplicate)?;
    if replaced == 0 {
        db.prepare_cached(&format!(
            "INSERT INTO inbound_email ({INBOUND_COLUMNS}, raw) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
        ))?
        .execute(params![
            key(email.id.0),
            email.mailbox_id.map(|m| key(m.0)),
            email.source.as_str(),
            email.imap.map(|p| p.uid_validity),
            email.imap.map(|p| p.uid),
            email.message_key,
            email.raw_sha256,
            email.raw_size,
            email.state.as_str(),
            email.reason,
            email.ticket_id.map(|t| key(t.0)),
            email.message_id.map(|m| key(m.0)),
            micros(email.received_at),
            email.imap.map(|p| p.account),
            record.raw,
        ])
        .map_err(duplicate)?;
    }
    if let Some(bounced) = &record.bounced {
        db.prepare_cached(
            "INSERT INTO email_bounce (address, reason, at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (address) DO UPDATE SET reason = excluded.reason, at = excluded.at",
        )?
        .execute(params![
            bounced.address.as_str().to_lowercase(),
            bounced.reason,
            micros(bounced.at),
        ])?;
    }
    Ok(())
}

pub(crate) fn record_inbound(db: &Connection, record: &InboundRecord) -> Result<(), Error> {
    write_inbound(db, record)
}

/// What a ticket write adds for email; runs in the ticket write's transaction.
pub(crate) fn write_effects(
    db: &Connection,
    ticket: TicketId,
    effects: &EmailEffects,
) -> Result<(), Error> {
    if let Some(record) = &effects.inbound {
        write_inbound(db, record)?;
    }
    for follower in &effects.followers {
        db.prepare_cached(
            "INSERT INTO ticket_follower (ticket_id, contact_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?
        .execute([key(ticket.0), key(follower.0)])
        .map_err(|e| {
            let error = Error::from(e);
            if is_foreign_key_violation(&error) {
                StoreError::MissingReference("follower".into()).into()
            } else {
                error
            }
        })?;
    }
    crate::automation::insert_webhook_calls(db, &effects.webhooks)?;
    for mail in &effects.outbox {
        insert_outbox(db, mail)?;
    }
    Ok(())
}

pub(crate) fn find_inbound(
    db: &Connection,
    message_key: &str,
) -> Result<Option<InboundEmail>, Error> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT {INBOUND_COLUMNS} FROM inbound_email WHERE message_key = ?1"
    ))?;
    Ok(statement
        .query_row([message_key], read_inbound)
        .optional()?
        .transpose()?)
}

pub(crate) fn find_inbound_at(
    db: &Connection,
    mailbox: MailboxId,
    position: ImapPosition,
) -> Result<Option<InboundEmail>, Error> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT {INBOUND_COLUMNS} FROM inbound_email \
         WHERE mailbox_id = ?1 AND imap_account = ?4 AND imap_uid_validity = ?2 AND imap_uid = ?3"
    ))?;
    Ok(statement
        .query_row(
            params![
                key(mailbox.0),
                position.uid_validity,
                position.uid,
                position.account
            ],
            read_inbound,
        )
        .optional()?
        .transpose()?)
}

pub(crate) fn get_inbound(
    db: &Connection,
    id: InboundEmailId,
) -> Result<Option<ayuda_store::InboundWithRaw>, Error> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT {INBOUND_COLUMNS}, raw FROM inbound_email WHERE id = ?1"
    ))?;
    let found = statement
        .query_row([key(id.0)], |row| {
            Ok((read_inbound(row)?, row.get::<_, Option<Vec<u8>>>(14)?))
        })
        .optional()?;
    match found {
        Some((email, raw)) => Ok(Some((email?, raw))),
        None => Ok(None),
    }
}

pub(crate) fn inbound_of_message(
    db: &Connection,
    message: MessageId,
) -> Result<Option<InboundEmail>, Error> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT {INBOUND_COLUMNS} FROM inbound_email WHERE message_id = ?1"
    ))?;
    Ok(statement
        .query_row([key(message.0)], read_inbound)
        .optional()?
        .transpose()?)
}

pub(crate) fn list_inbound(
    db: &Connection,
    state: Option<InboundState>,
    after: Option<InboundEmailId>,
    limit: u32,
) -> Result<Page<InboundEmail, InboundEmailId>, Error> {
    let limit = limit.clamp(1, MAX_PAGE);
    let after = after_key(after.map(|a| a.0));
    let mut statement = match state {
        Some(_) => db.prepare_cached(&format!(
            "SELECT {INBOUND_COLUMNS} FROM inbound_email WHERE state = ?1 AND id > ?2 ORDER BY id LIMIT ?3"
        ))?,
        None => db.prepare_cached(&format!(
            "SELECT {INBOUND_COLUMNS} FROM inbound_email WHERE ?1 IS NULL AND id > ?2 ORDER BY id LIMIT ?3"
        ))?,
    };
    let rows = statement.query_map(
        params![state.map(|s| s.as_str()), after, i64::from(limit) + 1],
        read_inbound,
    )?;
    let mut emails = Vec::new();
    for row in rows {
        emails.push(row??);
    }
    Ok(Page::from_overfetch(emails, limit, |email| email.id))
}

pub(crate) fn find_message_by_external_id(
    db: &Connection,
    external_id: &str,
) -> Result<Option<(TicketId, MessageId)>, Error> {
    let mut statement = db.prepare_cached(
        "SELECT ticket_id, id FROM message WHERE external_id = ?1 ORDER BY id LIMIT 1",
    )?;
    Ok(statement
        .query_row([external_id], |row| {
            Ok((
                TicketId(Uuid::from_bytes(row.get(0)?)),
                MessageId(Uuid::from_bytes(row.get(1)?)),
            ))
        })
        .optional()?)
}

pub(crate) fn ticket_mailbox(
    db: &Connection,
    ticket: TicketId,
) -> Result<Option<MailboxId>, Error> {
    let mut statement = db.prepare_cached(
        "SELECT mailbox_id FROM inbound_email WHERE ticket_id = ?1 AND mailbox_id IS NOT NULL \
         ORDER BY id DESC LIMIT 1",
    )?;
    Ok(statement
        .query_row([key(ticket.0)], |row| row.get::<_, [u8; 16]>(0))
        .optional()?
        .map(|m| MailboxId(Uuid::from_bytes(m))))
}

pub(crate) fn list_followers(db: &Connection, ticket: TicketId) -> Result<Vec<ContactId>, Error> {
    let mut statement = db.prepare_cached(
        "SELECT contact_id FROM ticket_follower WHERE ticket_id = ?1 ORDER BY contact_id",
    )?;
    let rows = statement.query_map([key(ticket.0)], |row| row.get::<_, [u8; 16]>(0))?;
    let mut followers = Vec::new();
    for row in rows {
        followers.push(ContactId(Uuid::from_bytes(row?)));
    }
    Ok(followers)
}

pub(crate) fn bounces(
    db: &Connection,
    addresses: &[EmailAddress],
) -> Result<Vec<BouncedAddress>, Error> {
    let mut statement =
        db.prepare_cached("SELECT address, reason, at FROM email_bounce WHERE address = ?1")?;
    let mut found = Vec::new();
    for address in addresses {
        let row: Option<(String, String, i64)> = statement
            .query_row([address.as_str().to_lowercase()], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()?;
        if let Some((address, reason, at)) = row {
            found.push(BouncedAddress {
                address: parse("address", EmailAddress::parse(&address))?,
                reason,
                at: timestamp("at", at)?,
            });
        }
    }
    Ok(found)
}

// The outbox.

const OUTBOX_COLUMNS: &str = "id, ticket_id, message_id, kind, mailbox_id, recipients_to, recipients_cc, \
     language, state, attempts, next_attempt_at, last_error, created_at, sent_at, content_subject, content_text";

fn read_outbox(row: &Row<'_>) -> rusqlite::Result<Result<OutboxMail, CorruptValue>> {
    let id: [u8; 16] = row.get(0)?;
    let ticket_id: Option<[u8; 16]> = row.get(1)?;
    let message_id: Option<[u8; 16]> = row.get(2)?;
    let kind: String = row.get(3)?;
    let mailbox_id: Option<[u8; 16]> = row.get(4)?;
    let to: String = row.get(5)?;
    let cc: String = row.get(6)?;
    let language: String = row.get(7)?;
    let state: String = row.get(8)?;
    let attempts: i64 = row.get(9)?;
    let next_attempt_at: i64 = row.get(10)?;
    let last_error: Option<String> = row.get(11)?;
    let created_at: i64 = row.get(12)?;
    let sent_at: Option<i64> = row.get(13)?;
    let content_subject: Option<String> = row.get(14)?;
    let content_text: Option<String> = row.get(15)?;
    Ok((|| {
        Ok(OutboxMail {
            id: OutboxId(Uuid::from_bytes(id)),
            ticket_id: ticket_id.map(|t| TicketId(Uuid::from_bytes(t))),
            message_id: message_id.map(|m| MessageId(Uuid::from_bytes(m))),
            kind: parse("kind", OutboxKind::parse(&kind))?,
            mailbox_id: mailbox_id.map(|m| MailboxId(Uuid::from_bytes(m))),
            to: codec::decode_addresses("recipients_to", &to)?,
            cc: codec::decode_addresses("recipients_cc", &cc)?,
            language,
            state: parse("state", OutboxState::parse(&state))?,
            attempts: u32::try_from(attempts).map_err(|e| corrupt("attempts", e))?,
            next_attempt_at: timestamp("next_attempt_at", next_attempt_at)?,
            last_error,
            created_at: timestamp("created_at", created_at)?,
            sent_at: optional_timestamp("sent_at", sent_at)?,
            content: content_text.map(|text| MailContent {
                subject: content_subject.unwrap_or_default(),
                text,
            }),
        })
    })())
}

pub(crate) fn insert_outbox(db: &Connection, mail: &OutboxMail) -> Result<(), Error> {
    db.prepare_cached(&format!(
        "INSERT INTO outbox ({OUTBOX_COLUMNS}, automatic, recipient_key) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"
    ))?
    .execute(params![
        key(mail.id.0),
        mail.ticket_id.map(|t| key(t.0)),
        mail.message_id.map(|m| key(m.0)),
        mail.kind.as_str(),
        mail.mailbox_id.map(|m| key(m.0)),
        codec::encode_strings(mail.to.iter().map(EmailAddress::as_str)),
        codec::encode_strings(mail.cc.iter().map(EmailAddress::as_str)),
        mail.language,
        mail.state.as_str(),
        mail.attempts,
        micros(mail.next_attempt_at),
        mail.last_error,
        micros(mail.created_at),
        mail.sent_at.map(micros),
        mail.content.as_ref().map(|c| c.subject.as_str()),
        mail.content.as_ref().map(|c| c.text.as_str()),
        mail.kind.is_automatic(),
        mail.recipient_key(),
    ])?;
    Ok(())
}

pub(crate) fn claim_outbox(
    db: &Connection,
    now: Timestamp,
    lease_until: Timestamp,
    limit: u32,
) -> Result<Vec<OutboxMail>, Error> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?1 \
         ORDER BY next_attempt_at LIMIT ?2"
    ))?;
    let rows = statement.query_map(params![micros(now), limit], read_outbox)?;
    let mut claimed = Vec::new();
    for row in rows {
        claimed.push(row??);
    }
    let mut lease = db.prepare_cached("UPDATE outbox SET next_attempt_at = ?2 WHERE id = ?1")?;
    for mail in &mut claimed {
        lease.execute(params![key(mail.id.0), micros(lease_until)])?;
        mail.next_attempt_at = lease_until;
    }
    Ok(claimed)
}

pub(crate) fn finish_outbox(
    db: &Connection,
    id: OutboxId,
    outcome: &SendOutcome,
) -> Result<(), Error> {
    let changed = match outcome {
        SendOutcome::Sent { at } => db
            .prepare_cached(
                "UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?2, last_error = NULL \
                 WHERE id = ?1",
            )?
            .execute(params![key(id.0), micros(*at)])?,
        SendOutcome::Retry { error, at } => db
            .prepare_cached(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 \
                 WHERE id = ?1",
            )?
            .execute(params![key(id.0), micros(*at), error])?,
        SendOutcome::Failed { error } => db
            .prepare_cached(
                "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
            )?
            .execute(params![key(id.0), error])?,
    };
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) fn list_outbox(db: &Connection, ticket: TicketId) -> Result<Vec<OutboxMail>, Error> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE ticket_id = ?1 ORDER BY created_at, id"
    ))?;
    let rows = statement.query_map([key(ticket.0)], read_outbox)?;
    let mut mails = Vec::new();
    for row in rows {
        mails.push(row??);
    }
    Ok(mails)
}

pub(crate) fn count_automatic_to(
    db: &Connection,
    recipient_key: &str,
    since: Timestamp,
    cap: u32,
) -> Result<u32, Error> {
    // Counting through a LIMIT keeps the cost bounded however much mail an address has had.
    let mut statement = db.prepare_cached(
        "SELECT count(*) FROM (SELECT 1 FROM outbox WHERE recipient_key = ?1 AND automatic = 1 \
         AND created_at >= ?2 LIMIT ?3)",
    )?;
    Ok(statement.query_row(params![recipient_key, micros(since), cap], |row| row.get(0))?)
}

pub(crate) fn count_automatic_for(
    db: &Connection,
    ticket: TicketId,
    since: Timestamp,
    cap: u32,
) -> Result<u32, Error> {
    let mut statement = db.prepare_cached(
        "SELECT count(*) FROM (SELECT 1 FROM outbox WHERE ticket_id = ?1 AND created_at >= ?2 \
         AND automatic = 1 LIMIT ?3)",
    )?;
    Ok(statement.query_row(params![key(ticket.0), micros(since), cap], |row| row.get(0))?)
}

pub(crate) fn get_attachment(
    db: &Connection,
    id: ayuda_core::id::AttachmentId,
) -> Result<Option<(TicketId, MessageId, ayuda_core::message::Attachment)>, Error> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT m.ticket_id, a.message_id, {} FROM attachment a JOIN message m ON m.id = a.message_id \
         WHERE a.id = ?1",
        crate::rows::ATTACHMENT_COLUMNS
            .split(", ")
            .map(|c| format!("a.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    Ok(statement
        .query_row([key(id.0)], |row| {
            let ticket: [u8; 16] = row.get(0)?;
            let message: [u8; 16] = row.get(1)?;
            // The attachment's own columns follow the two ids.
            let attachment = ayuda_core::message::Attachment {
                id: ayuda_core::id::AttachmentId(Uuid::from_bytes(row.get(2)?)),
                filename: row.get(3)?,
                content_type: row.get(4)?,
                size: row.get(5)?,
                sha256: row.get(6)?,
                content_id: row.get(7)?,
            };
            Ok((
                TicketId(Uuid::from_bytes(ticket)),
                MessageId(Uuid::from_bytes(message)),
                attachment,
            ))
        })
        .optional()?)
}
