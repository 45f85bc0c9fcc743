//! The email channel's tables: settings, mailboxes, received emails, followers, bounces and the outbox.
//! [`write_effects`] runs inside the ticket writes, so an email and the ticket it changed commit together.

use ayuda_core::Timestamp;
use ayuda_core::contact::EmailAddress;
use ayuda_core::email::{
    ImapAccount, ImapPosition, InboundEmail, InboundSource, InboundState, MailContent, Mailbox,
    OutboxKind, OutboxMail, OutboxState, Password, TlsMode,
};
use ayuda_core::id::{ContactId, InboundEmailId, MailboxId, MessageId, OutboxId, TicketId};
use ayuda_store::codec::{self, CorruptValue};
use ayuda_store::{
    BouncedAddress, EmailEffects, InboundRecord, MAX_PAGE, Page, SendOutcome, StoreError,
};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::errors::Result;
use crate::rows::{SqlTimestamp, corrupt, sql_ts, sql_ts_opt};

fn parsed<T>(
    column: &'static str,
    result: Result<T, ayuda_core::FieldError>,
) -> Result<T, CorruptValue> {
    result.map_err(|error| corrupt(column, error.message))
}

/// Stored timestamps always convert; the `Result` keeps the row conversions uniform.
fn ts(_column: &'static str, at: SqlTimestamp) -> Result<Timestamp, CorruptValue> {
    Ok(at.to_jiff())
}

// Settings.

pub(crate) async fn setting(pool: &PgPool, key: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("select value from setting where key = $1")
            .bind(key)
            .fetch_optional(pool)
            .await?,
    )
}

pub(crate) async fn init_setting(pool: &PgPool, key: &str, value: &str) -> Result<String> {
    sqlx::query("insert into setting (key, value) values ($1, $2) on conflict do nothing")
        .bind(key)
        .bind(value)
        .execute(pool)
        .await?;
    setting(pool, key)
        .await?
        .ok_or_else(|| StoreError::NotFound.into())
}

// Mailboxes.

macro_rules! mailbox_columns {
    () => {
        "id, name, address, group_id, imap_host, imap_port, imap_tls, imap_user, \
     imap_password, imap_folder, imap_processed, active, created_at, updated_at"
    };
}

type MailboxRow = (
    Uuid,
    String,
    String,
    Option<Uuid>,
    Option<String>,
    Option<i32>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
    SqlTimestamp,
    SqlTimestamp,
);

fn into_mailbox(row: MailboxRow) -> Result<Mailbox, CorruptValue> {
    let (
        id,
        name,
        address,
        group_id,
        host,
        port,
        tls,
        user,
        password,
        folder,
        processed,
        active,
        created_at,
        updated_at,
    ) = row;
    let imap = match (host, port, tls, user, password, folder) {
        (Some(host), Some(port), Some(tls), Some(user), Some(password), Some(folder)) => {
            Some(ImapAccount {
                host,
                port: u16::try_from(port).map_err(|e| corrupt("imap_port", e))?,
                tls: parsed("imap_tls", TlsMode::parse(&tls))?,
                user,
                password: Password(password),
                folder,
                processed_folder: processed,
            })
        }
        _ => None,
    };
    Ok(Mailbox {
        id: MailboxId(id),
        name,
        address: parsed("address", EmailAddress::parse(&address))?,
        group_id: group_id.map(Into::into),
        imap,
        active,
        created_at: ts("created_at", created_at)?,
        updated_at: ts("updated_at", updated_at)?,
    })
}

pub(crate) async fn create_mailbox(pool: &PgPool, mailbox: Mailbox) -> Result<Mailbox> {
    write_mailbox(
        pool,
        concat!(
            "insert into mailbox (",
            mailbox_columns!(),
            ", name_key) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
        ),
        &mailbox,
    )
    .await?;
    Ok(mailbox)
}

pub(crate) async fn update_mailbox(pool: &PgPool, mailbox: Mailbox) -> Result<Mailbox> {
    // The same parameters as the insert. The creation time ($13) is not written: it is only mentioned, in a
    // condition that always holds, so both statements take one parameter list.
    let changed = write_mailbox(
        pool,
        "update mailbox set name = $2, address = $3, group_id = $4, imap_host = $5, imap_port = $6, \
         imap_tls = $7, imap_user = $8, imap_password = $9, imap_folder = $10, imap_processed = $11, \
         active = $12, updated_at = $14, name_key = $15 where id = $1 and $13::timestamptz is not null",
        &mailbox,
    )
    .await?;
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(mailbox)
}

/// Runs `sql` with the mailbox's columns as `$1`..`$15`, in `mailbox_columns!` order and then the name key;
/// returns the rows changed.
async fn write_mailbox(pool: &PgPool, sql: &'static str, mailbox: &Mailbox) -> Result<u64> {
    let imap = mailbox.imap.as_ref();
    let done = sqlx::query(sql)
        .bind(mailbox.id.0)
        .bind(&mailbox.name)
        .bind(mailbox.address.as_str())
        .bind(mailbox.group_id.map(|g| g.0))
        .bind(imap.map(|i| i.host.clone()))
        .bind(imap.map(|i| i32::from(i.port)))
        .bind(imap.map(|i| i.tls.as_str()))
        .bind(imap.map(|i| i.user.clone()))
        .bind(imap.map(|i| i.password.0.clone()))
        .bind(imap.map(|i| i.folder.clone()))
        .bind(imap.and_then(|i| i.processed_folder.clone()))
        .bind(mailbox.active)
        .bind(sql_ts(mailbox.created_at))
        .bind(sql_ts(mailbox.updated_at))
        .bind(codec::lookup_key(&mailbox.name))
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

pub(crate) async fn get_mailbox(pool: &PgPool, id: MailboxId) -> Result<Option<Mailbox>> {
    let row: Option<MailboxRow> = sqlx::query_as(concat!(
        "select ",
        mailbox_columns!(),
        " from mailbox where id = $1"
    ))
    .bind(id.0)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(into_mailbox).transpose()?)
}

pub(crate) async fn find_mailbox(pool: &PgPool, name: &str) -> Result<Option<Mailbox>> {
    let row: Option<MailboxRow> = sqlx::query_as(concat!(
        "select ",
        mailbox_columns!(),
        " from mailbox where name_key = $1"
    ))
    .bind(codec::lookup_key(name))
    .fetch_optional(pool)
    .await?;
    Ok(row.map(into_mailbox).transpose()?)
}

pub(crate) async fn list_mailboxes(pool: &PgPool) -> Result<Vec<Mailbox>> {
    let rows: Vec<MailboxRow> = sqlx::query_as(concat!(
        "select ",
        mailbox_columns!(),
        " from mailbox order by id"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(into_mailbox)
        .collect::<Result<_, _>>()?)
}

// Received mail.

macro_rules! inbound_columns {
    () => {
        "id, mailbox_id, source, imap_uid_validity, imap_uid, message_key, \
     raw_sha256, raw_size, state, reason, ticket_id, message_id, received_at, imap_account"
    };
}

type InboundRow = (
    Uuid,
    Option<Uuid>,
    String,
    Option<i64>,
    Option<i64>,
    String,
    String,
    i64,
    String,
    Option<String>,
    Option<Uuid>,
    Option<Uuid>,
    SqlTimestamp,
    Option<i64>,
);

fn into_inbound(row: InboundRow) -> Result<InboundEmail, CorruptValue> {
    let (
        id,
        mailbox_id,
        source,
        uid_validity,
        uid,
        message_key,
        raw_sha256,
        raw_size,
        state,
        reason,
        ticket_id,
        message_id,
        received_at,
        account,
    ) = row;
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
        id: InboundEmailId(id),
        mailbox_id: mailbox_id.map(MailboxId),
        source: parsed("source", InboundSource::parse(&source))?,
        imap,
        message_key,
        raw_sha256,
        raw_size,
        state: parsed("state", InboundState::parse(&state))?,
        reason,
        ticket_id: ticket_id.map(TicketId),
        message_id: message_id.map(MessageId),
        received_at: ts("received_at", received_at)?,
    })
}

/// Writes `record`: replaces the quarantined record with the same id (an admin's retry), or inserts it.
/// A second record of the same email (message key or IMAP position) is a duplicate (by constraint name).
async fn write_inbound(conn: &mut PgConnection, record: &InboundRecord) -> Result<()> {
    let email = &record.email;
    let replaced = sqlx::query(
        "update inbound_email set state = $2, reason = $3, ticket_id = $4, message_id = $5 \
         where id = $1 and state = 'quarantined'",
    )
    .bind(email.id.0)
    .bind(email.state.as_str())
    .bind(&email.reason)
    .bind(email.ticket_id.map(|t| t.0))
    .bind(email.message_id.map(|m| m.0))
    .execute(&mut *conn)
    .await?;
    if replaced.rows_affected() == 0 {
        sqlx::query(concat!(
            "insert into inbound_email (",
            inbound_columns!(),
            ", raw) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
        ))
        .bind(email.id.0)
        .bind(email.mailbox_id.map(|m| m.0))
        .bind(email.source.as_str())
        .bind(email.imap.map(|p| i64::from(p.uid_validity)))
        .bind(email.imap.map(|p| i64::from(p.uid)))
        .bind(&email.message_key)
        .bind(&email.raw_sha256)
        .bind(email.raw_size)
        .bind(email.state.as_str())
        .bind(&email.reason)
        .bind(email.ticket_id.map(|t| t.0))
        .bind(email.message_id.map(|m| m.0))
        .bind(sql_ts(email.received_at))
        .bind(email.imap.map(|p| p.account))
        .bind(record.raw.as_deref())
        .execute(&mut *conn)
        .await?;
    }
    if let Some(bounced) = &record.bounced {
        sqlx::query(
            "insert into email_bounce (address, reason, at) values ($1, $2, $3) \
             on conflict (address) do update set reason = excluded.reason, at = excluded.at",
        )
        .bind(bounced.address.as_str().to_lowercase())
        .bind(&bounced.reason)
        .bind(sql_ts(bounced.at))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub(crate) async fn record_inbound(pool: &PgPool, record: &InboundRecord) -> Result<()> {
    let mut tx = pool.begin().await?;
    write_inbound(&mut tx, record).await?;
    tx.commit().await?;
    Ok(())
}

/// What a ticket write adds for email; runs in the ticket write's transaction.
pub(crate) async fn write_effects(
    conn: &mut PgConnection,
    ticket: TicketId,
    effects: &EmailEffects,
) -> Result<()> {
    if let Some(record) = &effects.inbound {
        write_inbound(conn, record).await?;
    }
    for follower in &effects.followers {
        sqlx::query(
            "insert into ticket_follower (ticket_id, contact_id) values ($1, $2) on conflict do nothing",
        )
        .bind(ticket.0)
        .bind(follower.0)
        .execute(&mut *conn)
        .await?;
    }
    crate::automation::insert_webhook_calls(conn, &effects.webhooks).await?;
    for mail in &effects.outbox {
        insert_outbox(conn, mail).await?;
    }
    Ok(())
}

pub(crate) async fn find_inbound(pool: &PgPool, message_key: &str) -> Result<Option<InboundEmail>> {
    let row: Option<InboundRow> = sqlx::query_as(concat!(
        "select ",
        inbound_columns!(),
        " from inbound_email where message_key = $1"
    ))
    .bind(message_key)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(into_inbound).transpose()?)
}

pub(crate) async fn find_inbound_at(
    pool: &PgPool,
    mailbox: MailboxId,
    position: ImapPosition,
) -> Result<Option<InboundEmail>> {
    let row: Option<InboundRow> = sqlx::query_as(concat!(
        "select ",
        inbound_columns!(),
        " from inbound_email \
         where mailbox_id = $1 and imap_uid_validity = $2 and imap_uid = $3 and imap_account = $4"
    ))
    .bind(mailbox.0)
    .bind(i64::from(position.uid_validity))
    .bind(i64::from(position.uid))
    .bind(position.account)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(into_inbound).transpose()?)
}

pub(crate) async fn get_inbound(
    pool: &PgPool,
    id: InboundEmailId,
) -> Result<Option<ayuda_store::InboundWithRaw>> {
    let row: Option<InboundRow> = sqlx::query_as(concat!(
        "select ",
        inbound_columns!(),
        " from inbound_email where id = $1"
    ))
    .bind(id.0)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let raw: Option<Vec<u8>> = sqlx::query_scalar("select raw from inbound_email where id = $1")
        .bind(id.0)
        .fetch_one(pool)
        .await?;
    Ok(Some((into_inbound(row)?, raw)))
}

pub(crate) async fn inbound_of_message(
    pool: &PgPool,
    message: MessageId,
) -> Result<Option<InboundEmail>> {
    let row: Option<InboundRow> = sqlx::query_as(concat!(
        "select ",
        inbound_columns!(),
        " from inbound_email where message_id = $1 limit 1"
    ))
    .bind(message.0)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(into_inbound).transpose()?)
}

pub(crate) async fn list_inbound(
    pool: &PgPool,
    state: Option<InboundState>,
    after: Option<InboundEmailId>,
    limit: u32,
) -> Result<Page<InboundEmail, InboundEmailId>> {
    let limit = limit.clamp(1, MAX_PAGE);
    let rows: Vec<InboundRow> = sqlx::query_as(concat!("select ", inbound_columns!(), " from inbound_email \
         where ($1::text is null or state = $1) and ($2::uuid is null or id > $2) order by id limit $3"))
    .bind(state.map(|s| s.as_str()))
    .bind(after.map(|a| a.0))
    .bind(i64::from(limit) + 1)
    .fetch_all(pool)
    .await?;
    let emails = rows
        .into_iter()
        .map(into_inbound)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(emails, limit, |email| email.id))
}

pub(crate) async fn find_message_by_external_id(
    pool: &PgPool,
    external_id: &str,
) -> Result<Option<(TicketId, MessageId)>> {
    let row: Option<(Uuid, Uuid)> = sqlx::query_as(
        "select ticket_id, id from message where external_id = $1 order by id limit 1",
    )
    .bind(external_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(ticket, message)| (TicketId(ticket), MessageId(message))))
}

pub(crate) async fn ticket_mailbox(pool: &PgPool, ticket: TicketId) -> Result<Option<MailboxId>> {
    let row: Option<Uuid> = sqlx::query_scalar(
        "select mailbox_id from inbound_email where ticket_id = $1 and mailbox_id is not null \
         order by id desc limit 1",
    )
    .bind(ticket.0)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(MailboxId))
}

pub(crate) async fn list_followers(pool: &PgPool, ticket: TicketId) -> Result<Vec<ContactId>> {
    let rows: Vec<Uuid> = sqlx::query_scalar(
        "select contact_id from ticket_follower where ticket_id = $1 order by contact_id",
    )
    .bind(ticket.0)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(ContactId).collect())
}

pub(crate) async fn bounces(
    pool: &PgPool,
    addresses: &[EmailAddress],
) -> Result<Vec<BouncedAddress>> {
    let keys: Vec<String> = addresses
        .iter()
        .map(|a| a.as_str().to_lowercase())
        .collect();
    let rows: Vec<(String, String, SqlTimestamp)> = sqlx::query_as(
        "select address, reason, at from email_bounce where address = any($1) order by address",
    )
    .bind(&keys)
    .fetch_all(pool)
    .await?;
    let mut found = Vec::with_capacity(rows.len());
    for (address, reason, at) in rows {
        found.push(BouncedAddress {
            address: parsed("address", EmailAddress::parse(&address))?,
            reason,
            at: ts("at", at)?,
        });
    }
    Ok(found)
}

// The outbox.

macro_rules! outbox_columns {
    () => {
        "id, ticket_id, message_id, kind, mailbox_id, recipients_to::text, \
     recipients_cc::text, language, state, attempts, next_attempt_at, last_error, created_at, sent_at, \
     content_subject, content_text"
    };
}

type OutboxRow = (
    Uuid,
    Option<Uuid>,
    Option<Uuid>,
    String,
    Option<Uuid>,
    String,
    String,
    String,
    String,
    i32,
    SqlTimestamp,
    Option<String>,
    SqlTimestamp,
    Option<SqlTimestamp>,
    Option<String>,
    Option<String>,
);

fn into_outbox(row: OutboxRow) -> Result<OutboxMail, CorruptValue> {
    let (
        id,
        ticket_id,
        message_id,
        kind,
        mailbox_id,
        to,
        cc,
        language,
        state,
        attempts,
        next_attempt_at,
        last_error,
        created_at,
        sent_at,
        content_subject,
        content_text,
    ) = row;
    Ok(OutboxMail {
        id: OutboxId(id),
        ticket_id: ticket_id.map(TicketId),
        message_id: message_id.map(MessageId),
        kind: parsed("kind", OutboxKind::parse(&kind))?,
        mailbox_id: mailbox_id.map(MailboxId),
        to: codec::decode_addresses("recipients_to", &to)?,
        cc: codec::decode_addresses("recipients_cc", &cc)?,
        language,
        state: parsed("state", OutboxState::parse(&state))?,
        attempts: u32::try_from(attempts).map_err(|e| corrupt("attempts", e))?,
        next_attempt_at: ts("next_attempt_at", next_attempt_at)?,
        last_error,
        created_at: ts("created_at", created_at)?,
        sent_at: sent_at.map(|at| ts("sent_at", at)).transpose()?,
        content: content_text.map(|text| MailContent {
            subject: content_subject.unwrap_or_default(),
            text,
        }),
    })
}

pub(crate) async fn insert_outbox(conn: &mut PgConnection, mail: &OutboxMail) -> Result<()> {
    sqlx::query(
        "insert into outbox (id, ticket_id, message_id, kind, mailbox_id, recipients_to, recipients_cc, \
         language, state, attempts, next_attempt_at, last_error, created_at, sent_at, automatic, recipient_key, \
         content_subject, content_text) \
         values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(mail.id.0)
    .bind(mail.ticket_id.map(|t| t.0))
    .bind(mail.message_id.map(|m| m.0))
    .bind(mail.kind.as_str())
    .bind(mail.mailbox_id.map(|m| m.0))
    .bind(codec::encode_strings(mail.to.iter().map(EmailAddress::as_str)))
    .bind(codec::encode_strings(mail.cc.iter().map(EmailAddress::as_str)))
    .bind(&mail.language)
    .bind(mail.state.as_str())
    .bind(i32::try_from(mail.attempts).map_err(StoreError::backend)?)
    .bind(sql_ts(mail.next_attempt_at))
    .bind(&mail.last_error)
    .bind(sql_ts(mail.created_at))
    .bind(sql_ts_opt(mail.sent_at))
    .bind(mail.kind.is_automatic())
    .bind(mail.recipient_key())
    .bind(mail.content.as_ref().map(|c| c.subject.as_str()))
    .bind(mail.content.as_ref().map(|c| c.text.as_str()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn claim_outbox(
    pool: &PgPool,
    now: Timestamp,
    lease_until: Timestamp,
    limit: u32,
) -> Result<Vec<OutboxMail>> {
    // SKIP LOCKED: senders on several nodes take disjoint mails instead of queueing on the same rows.
    let rows: Vec<OutboxRow> = sqlx::query_as(concat!(
        "update outbox set next_attempt_at = $2 where id in (\
             select id from outbox where state = 'pending' and next_attempt_at <= $1 \
             order by next_attempt_at limit $3 for update skip locked) \
         returning ",
        outbox_columns!()
    ))
    .bind(sql_ts(now))
    .bind(sql_ts(lease_until))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    let mut mails = rows
        .into_iter()
        .map(into_outbox)
        .collect::<Result<Vec<_>, _>>()?;
    mails.sort_by_key(|mail| (mail.created_at, mail.id));
    Ok(mails)
}

pub(crate) async fn finish_outbox(
    pool: &PgPool,
    id: OutboxId,
    outcome: &SendOutcome,
) -> Result<()> {
    let done = match outcome {
        SendOutcome::Sent { at } => sqlx::query(
            "update outbox set state = 'sent', attempts = attempts + 1, sent_at = $2, last_error = null \
             where id = $1",
        )
        .bind(id.0)
        .bind(sql_ts(*at))
        .execute(pool)
        .await?,
        SendOutcome::Retry { error, at } => sqlx::query(
            "update outbox set attempts = attempts + 1, next_attempt_at = $2, last_error = $3 where id = $1",
        )
        .bind(id.0)
        .bind(sql_ts(*at))
        .bind(error)
        .execute(pool)
        .await?,
        SendOutcome::Failed { error } => sqlx::query(
            "update outbox set state = 'failed', attempts = attempts + 1, last_error = $2 where id = $1",
        )
        .bind(id.0)
        .bind(error)
        .execute(pool)
        .await?,
    };
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) async fn list_outbox(pool: &PgPool, ticket: TicketId) -> Result<Vec<OutboxMail>> {
    let rows: Vec<OutboxRow> = sqlx::query_as(concat!(
        "select ",
        outbox_columns!(),
        " from outbox where ticket_id = $1 order by created_at, id"
    ))
    .bind(ticket.0)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(into_outbox)
        .collect::<Result<_, _>>()?)
}

pub(crate) async fn count_automatic_to(
    pool: &PgPool,
    recipient_key: &str,
    since: Timestamp,
    cap: u32,
) -> Result<u32> {
    // Counting through a LIMIT keeps the cost bounded however much mail an address has had.
    let count: i64 = sqlx::query_scalar(
        "select count(*) from (select 1 from outbox where recipient_key = $1 and automatic \
         and created_at >= $2 limit $3) capped",
    )
    .bind(recipient_key)
    .bind(sql_ts(since))
    .bind(i64::from(cap))
    .fetch_one(pool)
    .await?;
    Ok(u32::try_from(count).unwrap_or(cap))
}

pub(crate) async fn count_automatic_for(
    pool: &PgPool,
    ticket: TicketId,
    since: Timestamp,
    cap: u32,
) -> Result<u32> {
    let count: i64 = sqlx::query_scalar(
        "select count(*) from (select 1 from outbox where ticket_id = $1 and created_at >= $2 \
         and automatic limit $3) capped",
    )
    .bind(ticket.0)
    .bind(sql_ts(since))
    .bind(i64::from(cap))
    .fetch_one(pool)
    .await?;
    Ok(u32::try_from(count).unwrap_or(cap))
}

pub(crate) async fn get_attachment(
    pool: &PgPool,
    id: ayuda_core::id::AttachmentId,
) -> Result<Option<(TicketId, MessageId, ayuda_core::message::Attachment)>> {
    type Row = (Uuid, Uuid, String, String, i64, String, Option<String>);
    let row: Option<Row> = sqlx::query_as(
        "select m.ticket_id, a.message_id, a.filename, a.content_type, a.size, a.sha256, a.content_id \
         from attachment a join message m on m.id = a.message_id where a.id = $1",
    )
    .bind(id.0)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(
        |(ticket, message, filename, content_type, size, sha256, content_id)| {
            (
                TicketId(ticket),
                MessageId(message),
                ayuda_core::message::Attachment {
                    id,
                    filename,
                    content_type,
                    size,
                    sha256,
                    content_id,
                },
            )
        },
    ))
}
