//! [`InsightStore`] on PostgreSQL: categories of inquiries, the classifier's examples, satisfaction surveys.

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
use sqlx::PgConnection;
use uuid::Uuid;

use crate::PgStore;
use crate::errors::{Failure, Result};
use crate::rows::{SqlTimestamp, TicketRow, corrupt, sql_ts, sql_ts_opt, ticket_columns};

type CategoryRow = (Uuid, Option<Uuid>, i32, String, bool, SqlTimestamp);

fn into_category(row: CategoryRow) -> Result<TicketCategory, CorruptValue> {
    let (id, parent, position, names, active, created_at) = row;
    Ok(TicketCategory {
        id: TicketCategoryId(id),
        parent: parent.map(TicketCategoryId),
        position,
        names: decode_names(&names)?,
        active,
        created_at: created_at.to_jiff(),
    })
}

type SurveyRow = (
    Uuid,
    Uuid,
    Uuid,
    Option<Uuid>,
    Option<Uuid>,
    String,
    SqlTimestamp,
    Option<i16>,
    Option<String>,
    Option<SqlTimestamp>,
);

const SURVEY_COLUMNS: &str = "id, ticket_id, contact_id, agent_id, group_id, language, sent_at, rating, \
     comment, rated_at";

fn into_survey(row: SurveyRow) -> Result<Survey, CorruptValue> {
    let (id, ticket, contact, agent, group, language, sent_at, rating, comment, rated_at) = row;
    Ok(Survey {
        id: SurveyId(id),
        ticket_id: TicketId(ticket),
        contact_id: ContactId(contact),
        agent_id: agent.map(Into::into),
        group_id: group.map(Into::into),
        language: Language::parse(&language).map_err(|e| corrupt("language", e))?,
        sent_at: sent_at.to_jiff(),
        rating: rating
            .map(|r| {
                u8::try_from(r)
                    .ok()
                    .and_then(Rating::new)
                    .ok_or_else(|| corrupt("rating", r))
            })
            .transpose()?,
        comment,
        rated_at: rated_at.map(SqlTimestamp::to_jiff),
    })
}

async fn survey_where(conn: &mut PgConnection, column: &str, id: Uuid) -> Result<Option<Survey>> {
    // `column` is one of two names chosen in this file, never input.
    let sql = format!("select {SURVEY_COLUMNS} from satisfaction_survey where {column} = $1");
    let row: Option<SurveyRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(into_survey).transpose()?)
}

async fn rate_survey(
    conn: &mut PgConnection,
    id: SurveyId,
    rating: Rating,
    at: Timestamp,
) -> Result<Rated> {
    let Some(survey) = survey_where(conn, "id", id.0).await? else {
        return Err(StoreError::NotFound.into());
    };
    let rated = sqlx::query(
        "update satisfaction_survey set rating = $2, rated_at = $3 where id = $1 and rated_at is null",
    )
    .bind(id.0)
    .bind(i16::from(rating.value()))
    .bind(sql_ts(at))
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if rated == 0 {
        return Ok(Rated::AlreadyRated);
    }
    // The ticket's version moves so that an edit in flight re-reads it; updated_at stays, since the ticket
    // list orders by it and a rating is not work on the case.
    sqlx::query("update ticket set satisfaction = $2, version = version + 1 where id = $1")
        .bind(survey.ticket_id.0)
        .bind(i16::from(rating.value()))
        .execute(&mut *conn)
        .await?;
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
    crate::conversation::insert_events(conn, &[&event]).await?;
    Ok(Rated::Recorded)
}

#[async_trait]
impl InsightStore for PgStore {
    async fn save_ticket_category(&self, category: TicketCategory) -> Result<(), StoreError> {
        sqlx::query(
            "insert into ticket_category (id, parent_id, position, names, active, created_at) \
             values ($1, $2, $3, $4::jsonb, $5, $6) \
             on conflict (id) do update set parent_id = excluded.parent_id, position = excluded.position, \
             names = excluded.names, active = excluded.active",
        )
        .bind(category.id.0)
        .bind(category.parent.map(|p| p.0))
        .bind(category.position)
        .bind(encode_names(&category.names))
        .bind(category.active)
        .bind(sql_ts(category.created_at))
        .execute(&self.pool)
        .await
        .map_err(Failure::from)?;
        Ok(())
    }

    async fn list_ticket_categories(&self) -> Result<Vec<TicketCategory>, StoreError> {
        let run = async {
            let rows: Vec<CategoryRow> = sqlx::query_as(
                "select id, parent_id, position, names::text, active, created_at from ticket_category \
                 order by position, id limit $1",
            )
            .bind(i64::from(MAX_CATEGORIES))
            .fetch_all(&self.pool)
            .await?;
            Ok::<_, Failure>(
                rows.into_iter()
                    .map(into_category)
                    .collect::<Result<Vec<_>, _>>()?,
            )
        };
        Ok(run.await?)
    }

    async fn category_examples(&self, limit: u32) -> Result<Vec<CategoryExample>, StoreError> {
        let run = async {
            let rows: Vec<(Uuid, Uuid, String, String, Option<String>)> = sqlx::query_as(
                "select t.id, t.category_id, t.language, t.subject, \
                        (select m.body_text from message m where m.ticket_id = t.id order by m.id limit 1) \
                 from ticket t where t.category_id is not null \
                 order by t.created_at desc, t.id desc limit $1",
            )
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
            let mut examples = Vec::with_capacity(rows.len());
            for (ticket, category, language, subject, body) in rows {
                examples.push(CategoryExample {
                    ticket_id: TicketId(ticket),
                    category_id: TicketCategoryId(category),
                    language: Language::parse(&language)
                        .map_err(|e| Failure::from(corrupt("language", e)))?,
                    subject,
                    body: body.unwrap_or_default(),
                });
            }
            Ok::<_, Failure>(examples)
        };
        Ok(run.await?)
    }

    async fn survey_groups(&self) -> Result<Vec<GroupId>, StoreError> {
        let groups: Vec<Uuid> =
            sqlx::query_scalar("select group_id from survey_group order by group_id")
                .fetch_all(&self.pool)
                .await
                .map_err(Failure::from)?;
        Ok(groups.into_iter().map(GroupId).collect())
    }

    async fn set_survey_groups(&self, groups: Vec<GroupId>) -> Result<(), StoreError> {
        let run = async {
            let mut tx = self.pool.begin().await?;
            sqlx::query("delete from survey_group")
                .execute(&mut *tx)
                .await?;
            let ids: Vec<Uuid> = groups.iter().map(|g| g.0).collect();
            sqlx::query(
                "insert into survey_group (group_id) select distinct unnest($1::uuid[]) \
                 on conflict do nothing",
            )
            .bind(ids)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<_, Failure>(())
        };
        Ok(run.await?)
    }

    async fn tickets_due_survey(
        &self,
        from: Timestamp,
        to: Timestamp,
        limit: u32,
    ) -> Result<Vec<Ticket>, StoreError> {
        let run = async {
            let rows: Vec<TicketRow> = sqlx::query_as(concat!(
                "select ",
                ticket_columns!(),
                " from ticket t \
                 where t.solved_at >= $1 and t.solved_at < $2 and t.status = 'solved' \
                   and t.group_id in (select group_id from survey_group) \
                   and not exists (select 1 from satisfaction_survey s where s.ticket_id = t.id) \
                 order by t.solved_at, t.id limit $3"
            ))
            .bind(sql_ts(from))
            .bind(sql_ts(to))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
            Ok::<_, Failure>(
                rows.into_iter()
                    .map(Ticket::try_from)
                    .collect::<Result<Vec<_>, _>>()?,
            )
        };
        Ok(run.await?)
    }

    async fn create_survey(
        &self,
        survey: Survey,
        mail: Option<OutboxMail>,
    ) -> Result<(), StoreError> {
        let run = async {
            let mut tx = self.pool.begin().await?;
            sqlx::query(
                "insert into satisfaction_survey (id, ticket_id, contact_id, agent_id, group_id, language, \
                 sent_at, rating, comment, rated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(survey.id.0)
            .bind(survey.ticket_id.0)
            .bind(survey.contact_id.0)
            .bind(survey.agent_id.map(|a| a.0))
            .bind(survey.group_id.map(|g| g.0))
            .bind(survey.language.as_str())
            .bind(sql_ts(survey.sent_at))
            .bind(survey.rating.map(|r| i16::from(r.value())))
            .bind(survey.comment.as_deref())
            .bind(sql_ts_opt(survey.rated_at))
            .execute(&mut *tx)
            .await?;
            if let Some(mail) = &mail {
                crate::email::insert_outbox(&mut tx, mail).await?;
            }
            tx.commit().await?;
            Ok::<_, Failure>(())
        };
        Ok(run.await?)
    }

    async fn get_survey(&self, id: SurveyId) -> Result<Option<Survey>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(Failure::from)?;
        Ok(survey_where(&mut conn, "id", id.0).await?)
    }

    async fn survey_of_ticket(&self, ticket: TicketId) -> Result<Option<Survey>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(Failure::from)?;
        Ok(survey_where(&mut conn, "ticket_id", ticket.0).await?)
    }

    async fn rate_survey(
        &self,
        id: SurveyId,
        rating: Rating,
        at: Timestamp,
    ) -> Result<Rated, StoreError> {
        let run = async {
            let mut tx = self.pool.begin().await?;
            let rated = rate_survey(&mut tx, id, rating, at).await?;
            tx.commit().await?;
            Ok::<_, Failure>(rated)
        };
        Ok(run.await?)
    }

    async fn comment_survey(&self, id: SurveyId, comment: String) -> Result<bool, StoreError> {
        let run = async {
            let changed = sqlx::query(
                "update satisfaction_survey set comment = $2 \
                 where id = $1 and rated_at is not null and comment is null",
            )
            .bind(id.0)
            .bind(comment)
            .execute(&self.pool)
            .await?
            .rows_affected();
            if changed == 0 {
                let mut conn = self.pool.acquire().await?;
                if survey_where(&mut conn, "id", id.0).await?.is_none() {
                    return Err(StoreError::NotFound.into());
                }
            }
            Ok::<_, Failure>(changed == 1)
        };
        Ok(run.await?)
    }

    async fn contact_surveys(
        &self,
        contact: ContactId,
        limit: u32,
    ) -> Result<Vec<Survey>, StoreError> {
        let run = async {
            let rows: Vec<SurveyRow> = sqlx::query_as(
                "select id, ticket_id, contact_id, agent_id, group_id, language, sent_at, rating, comment, \
                 rated_at from satisfaction_survey where contact_id = $1 \
                 order by sent_at desc, id desc limit $2",
            )
            .bind(contact.0)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
            Ok::<_, Failure>(
                rows.into_iter()
                    .map(into_survey)
                    .collect::<Result<Vec<_>, _>>()?,
            )
        };
        Ok(run.await?)
    }
}
