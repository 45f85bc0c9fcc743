//! [`InsightStore`] on SQLite: categories of inquiries, the classifier's examples, satisfaction surveys.

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::email::OutboxMail;
use ayuda_core::event::{Change, TicketEvent, Via};
use ayuda_core::id::{ContactId, GroupId, SurveyId, TicketCategoryId, TicketId};
use ayuda_core::insight::{MAX_CATEGORIES, Rating, Survey, TicketCategory};
use ayuda_core::message::Author;
use ayuda_core::text::Language;
use ayuda_core::ticket::{FieldChange, Ticket};
use ayuda_store::codec::CorruptValue;
use ayuda_store::codec::insight::{decode_names, encode_names};
use ayuda_store::{CategoryExample, InsightStore, Rated, StoreError};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use crate::SqliteStore;
use crate::error::{Error, missing_reference};
use crate::rows::{TICKET_COLUMNS, TicketRow, corrupt, key, micros, optional_timestamp, timestamp};

fn save_category(db: &Connection, category: &TicketCategory) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO ticket_category (id, parent_id, position, names, active, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, position = excluded.position, \
         names = excluded.names, active = excluded.active",
    )?
    .execute(params![
        key(category.id.0),
        category.parent.map(|p| key(p.0)),
        category.position,
        encode_names(&category.names),
        category.active,
        micros(category.created_at),
    ])
    .map_err(Error::from)
    .map_err(missing_reference("parent category"))?;
    Ok(())
}

fn read_category(row: &Row<'_>) -> rusqlite::Result<Result<TicketCategory, CorruptValue>> {
    let id: [u8; 16] = row.get(0)?;
    let parent: Option<[u8; 16]> = row.get(1)?;
    let position: i32 = row.get(2)?;
    let names: String = row.get(3)?;
    let active: bool = row.get(4)?;
    let created_at: i64 = row.get(5)?;
    Ok((|| {
        Ok(TicketCategory {
            id: TicketCategoryId(Uuid::from_bytes(id)),
            parent: parent.map(|p| TicketCategoryId(Uuid::from_bytes(p))),
            position,
            names: decode_names(&names)?,
            active,
            created_at: timestamp("created_at", created_at)?,
        })
    })())
}

fn list_categories(db: &Connection) -> Result<Vec<TicketCategory>, Error> {
    let mut statement = db.prepare_cached(
        "SELECT id, parent_id, position, names, active, created_at FROM ticket_category \
         ORDER BY position, id LIMIT ?1",
    )?;
    let rows = statement.query_map([MAX_CATEGORIES], read_category)?;
    let mut categories = Vec::new();
    for row in rows {
        categories.push(row??);
    }
    Ok(categories)
}

fn category_examples(db: &Connection, limit: u32) -> Result<Vec<CategoryExample>, Error> {
    // Newest filed tickets first through the list index of the category filter; the first message is the
    // smallest message id of the ticket (ids are time-ordered).
    let mut statement = db.prepare_cached(
        "SELECT t.id, t.category_id, t.language, t.subject, \
                (SELECT m.body_text FROM message m WHERE m.ticket_id = t.id ORDER BY m.id LIMIT 1) \
         FROM ticket t WHERE t.category_id IS NOT NULL ORDER BY t.created_at DESC, t.id DESC LIMIT ?1",
    )?;
    let rows = statement.query_map([limit], |row| {
        Ok((
            row.get::<_, [u8; 16]>(0)?,
            row.get::<_, [u8; 16]>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut examples = Vec::new();
    for row in rows {
        let (ticket, category, language, subject, body) = row?;
        examples.push(CategoryExample {
            ticket_id: TicketId(Uuid::from_bytes(ticket)),
            category_id: TicketCategoryId(Uuid::from_bytes(category)),
            language: Language::parse(&language).map_err(|e| corrupt("language", e))?,
            subject,
            body: body.unwrap_or_default(),
        });
    }
    Ok(examples)
}

fn survey_groups(db: &Connection) -> Result<Vec<GroupId>, Error> {
    let mut statement = db.prepare_cached("SELECT group_id FROM survey_group ORDER BY group_id")?;
    let rows = statement.query_map([], |row| row.get::<_, [u8; 16]>(0))?;
    let mut groups = Vec::new();
    for row in rows {
        groups.push(GroupId(Uuid::from_bytes(row?)));
    }
    Ok(groups)
}

fn set_survey_groups(db: &Connection, groups: &[GroupId]) -> Result<(), Error> {
    db.prepare_cached("DELETE FROM survey_group")?.execute([])?;
    let mut insert = db
        .prepare_cached("INSERT INTO survey_group (group_id) VALUES (?1) ON CONFLICT DO NOTHING")?;
    for group in groups {
        insert
            .execute([key(group.0)])
            .map_err(Error::from)
            .map_err(missing_reference("group"))?;
    }
    Ok(())
}

fn tickets_due_survey(
    db: &Connection,
    from: Timestamp,
    to: Timestamp,
    limit: u32,
) -> Result<Vec<Ticket>, Error> {
    let sql = format!(
        "SELECT {TICKET_COLUMNS} FROM ticket t \
         WHERE t.solved_at >= ?1 AND t.solved_at < ?2 AND t.status = 'solved' \
           AND t.group_id IN (SELECT group_id FROM survey_group) \
           AND NOT EXISTS (SELECT 1 FROM satisfaction_survey s WHERE s.ticket_id = t.id) \
         ORDER BY t.solved_at, t.id LIMIT ?3"
    );
    let mut statement = db.prepare_cached(&sql)?;
    let rows = statement.query_map(params![micros(from), micros(to), limit], TicketRow::read)?;
    let mut tickets = Vec::new();
    for row in rows {
        tickets.push(row?.into_ticket()?);
    }
    Ok(tickets)
}

fn create_survey(db: &Connection, survey: &Survey, mail: Option<&OutboxMail>) -> Result<(), Error> {
    db.prepare_cached(
        "INSERT INTO satisfaction_survey (id, ticket_id, contact_id, agent_id, group_id, language, sent_at, \
         rating, comment, rated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        key(survey.id.0),
        key(survey.ticket_id.0),
        key(survey.contact_id.0),
        survey.agent_id.map(|a| key(a.0)),
        survey.group_id.map(|g| key(g.0)),
        survey.language.as_str(),
        micros(survey.sent_at),
        survey.rating.map(Rating::value),
        survey.comment,
        survey.rated_at.map(micros),
    ])
    .map_err(Error::from)
    .map_err(missing_reference("ticket, contact, agent or group"))?;
    if let Some(mail) = mail {
        crate::email::insert_outbox(db, mail)?;
    }
    Ok(())
}

const SURVEY_COLUMNS: &str = "id, ticket_id, contact_id, agent_id, group_id, language, sent_at, rating, \
     comment, rated_at";

fn read_survey(row: &Row<'_>) -> rusqlite::Result<Result<Survey, CorruptValue>> {
    let id: [u8; 16] = row.get(0)?;
    let ticket: [u8; 16] = row.get(1)?;
    let contact: [u8; 16] = row.get(2)?;
    let agent: Option<[u8; 16]> = row.get(3)?;
    let group: Option<[u8; 16]> = row.get(4)?;
    let language: String = row.get(5)?;
    let sent_at: i64 = row.get(6)?;
    let rating: Option<u8> = row.get(7)?;
    let comment: Option<String> = row.get(8)?;
    let rated_at: Option<i64> = row.get(9)?;
    Ok((|| {
        Ok(Survey {
            id: SurveyId(Uuid::from_bytes(id)),
            ticket_id: TicketId(Uuid::from_bytes(ticket)),
            contact_id: ContactId(Uuid::from_bytes(contact)),
            agent_id: agent.map(|a| Uuid::from_bytes(a).into()),
            group_id: group.map(|g| Uuid::from_bytes(g).into()),
            language: Language::parse(&language).map_err(|e| corrupt("language", e))?,
            sent_at: timestamp("sent_at", sent_at)?,
            rating: rating
                .map(|r| Rating::new(r).ok_or_else(|| corrupt("rating", r)))
                .transpose()?,
            comment,
            rated_at: optional_timestamp("rated_at", rated_at)?,
        })
    })())
}

fn survey_where(db: &Connection, condition: &str, id: Uuid) -> Result<Option<Survey>, Error> {
    let sql = format!("SELECT {SURVEY_COLUMNS} FROM satisfaction_survey WHERE {condition} = ?1");
    let found = db
        .prepare_cached(&sql)?
        .query_row([key(id)], read_survey)
        .optional()?;
    Ok(found.transpose()?)
}

fn rate_survey(
    db: &Connection,
    id: SurveyId,
    rating: Rating,
    at: Timestamp,
) -> Result<Rated, Error> {
    let Some(survey) = survey_where(db, "id", id.0)? else {
        return Err(StoreError::NotFound.into());
    };
    let rated = db
        .prepare_cached(
            "UPDATE satisfaction_survey SET rating = ?2, rated_at = ?3 WHERE id = ?1 AND rated_at IS NULL",
        )?
        .execute(params![key(id.0), rating.value(), micros(at)])?;
    if rated == 0 {
        return Ok(Rated::AlreadyRated);
    }
    // The ticket's version moves so that an edit in flight re-reads it; updated_at stays, since the ticket
    // list orders by it and a rating is not work on the case.
    db.prepare_cached("UPDATE ticket SET satisfaction = ?2, version = version + 1 WHERE id = ?1")?
        .execute(params![key(survey.ticket_id.0), rating.value()])?;
    let event = TicketEvent::new(
        survey.ticket_id,
        Author::Contact(survey.contact_id),
        Via::Ui,
        Change::Field(FieldChange {
            field: "satisfaction".to_owned(),
            from: None,
            to: Some(rating.value().to_string()),
        }),
        at,
    );
    crate::tickets::insert_events(db, &[event])?;
    Ok(Rated::Recorded)
}

fn comment_survey(db: &Connection, id: SurveyId, comment: &str) -> Result<bool, Error> {
    let changed = db
        .prepare_cached(
            "UPDATE satisfaction_survey SET comment = ?2 \
             WHERE id = ?1 AND rated_at IS NOT NULL AND comment IS NULL",
        )?
        .execute(params![key(id.0), comment])?;
    if changed == 0 && survey_where(db, "id", id.0)?.is_none() {
        return Err(StoreError::NotFound.into());
    }
    Ok(changed == 1)
}

fn contact_surveys(db: &Connection, contact: ContactId, limit: u32) -> Result<Vec<Survey>, Error> {
    let sql = format!(
        "SELECT {SURVEY_COLUMNS} FROM satisfaction_survey WHERE contact_id = ?1 \
         ORDER BY sent_at DESC, id DESC LIMIT ?2"
    );
    let mut statement = db.prepare_cached(&sql)?;
    let rows = statement.query_map(params![key(contact.0), limit], read_survey)?;
    let mut surveys = Vec::new();
    for row in rows {
        surveys.push(row??);
    }
    Ok(surveys)
}

#[async_trait]
impl InsightStore for SqliteStore {
    async fn save_ticket_category(&self, category: TicketCategory) -> Result<(), StoreError> {
        self.write(move |tx| save_category(tx, &category)).await
    }

    async fn list_ticket_categories(&self) -> Result<Vec<TicketCategory>, StoreError> {
        self.read(|tx| list_categories(tx)).await
    }

    async fn category_examples(&self, limit: u32) -> Result<Vec<CategoryExample>, StoreError> {
        self.read(move |tx| category_examples(tx, limit)).await
    }

    async fn survey_groups(&self) -> Result<Vec<GroupId>, StoreError> {
        self.read(|tx| survey_groups(tx)).await
    }

    async fn set_survey_groups(&self, groups: Vec<GroupId>) -> Result<(), StoreError> {
        self.write(move |tx| set_survey_groups(tx, &groups)).await
    }

    async fn tickets_due_survey(
        &self,
        from: Timestamp,
        to: Timestamp,
        limit: u32,
    ) -> Result<Vec<Ticket>, StoreError> {
        self.read(move |tx| tickets_due_survey(tx, from, to, limit))
            .await
    }

    async fn create_survey(
        &self,
        survey: Survey,
        mail: Option<OutboxMail>,
    ) -> Result<(), StoreError> {
        self.write(move |tx| create_survey(tx, &survey, mail.as_ref()))
            .await
    }

    async fn get_survey(&self, id: SurveyId) -> Result<Option<Survey>, StoreError> {
        self.read(move |tx| survey_where(tx, "id", id.0)).await
    }

    async fn survey_of_ticket(&self, ticket: TicketId) -> Result<Option<Survey>, StoreError> {
        self.read(move |tx| survey_where(tx, "ticket_id", ticket.0))
            .await
    }

    async fn rate_survey(
        &self,
        id: SurveyId,
        rating: Rating,
        at: Timestamp,
    ) -> Result<Rated, StoreError> {
        self.write(move |tx| rate_survey(tx, id, rating, at)).await
    }

    async fn comment_survey(&self, id: SurveyId, comment: String) -> Result<bool, StoreError> {
        self.write(move |tx| comment_survey(tx, id, &comment)).await
    }

    async fn contact_surveys(
        &self,
        contact: ContactId,
        limit: u32,
    ) -> Result<Vec<Survey>, StoreError> {
        self.read(move |tx| contact_surveys(tx, contact, limit))
            .await
    }
}
