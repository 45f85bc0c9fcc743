//! Group commit for `Store::create_ticket`: a background task per store commits concurrent creations together.
//!
//! Gapless numbers mean every creating transaction holds the `ticket_counter` row from its bump until its
//! commit, so one creation per transaction allows one ticket per commit (fsync) on the whole database. Instead,
//! `create_ticket` queues its ticket here; the task takes the first waiting request, drains whatever else is
//! already queued (up to [`MAX_BATCH`]) and creates them all in one transaction, so one counter wait and one
//! fsync serve the whole batch. With no load a batch is one ticket and costs what a plain transaction costs.
//!
//! Inside the transaction, every requester of the batch is resolved first and the counter is bumped only
//! after: resolving may wait for an identity another creator (another node, or `create_tickets`) has
//! inserted, and that creator may itself be waiting for the counter, so holding the counter while resolving
//! could deadlock. Then the batch is inserted as a whole (one statement per table) under a savepoint. Only if
//! that fails does it go ticket by ticket, each under a savepoint of its own that also undoes its counter
//! bump, so a refused ticket leaves no gap. A refused ticket whose requester this batch inserted would leave
//! that contact behind, and a failed resolution may have broken the transaction; in both cases the whole
//! transaction is rolled back and run again without the refused tickets, which are answered with their errors.
//!
//! Callers are answered after the commit, so a success is durable when reported; if the commit fails, every
//! ticket of the batch gets an error. The task ends when the last store handle is dropped (the channel
//! closes). Each batch runs in a task of its own, so a panic drops that batch's reply senders (its callers
//! get an error) and the queue goes on serving the next one. Up to [`MAX_IN_FLIGHT`] batches run at once, so
//! that one resolves its requesters while another holds the counter; they queue on the counter lock like the
//! batches of different app nodes.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use ayuda_store::{CreatedTicket, NewTicket, StoreError};
use sqlx::{Connection, PgPool};
use tokio::sync::{Semaphore, mpsc, oneshot};

use crate::errors::{Failure, Result};
use crate::tickets::{insert_resolved, resolve_requester};

/// The most tickets committed together: bounds the latency a batch adds to its first ticket and the work
/// redone when a batch has to run again.
const MAX_BATCH: usize = 256;

/// Batches running at once. More than one lets a batch resolve its requesters (several statements per new
/// contact) while the one before waits for the counter or its commit's fsync; they then queue on the counter
/// lock exactly as the batches of several app nodes do.
const MAX_IN_FLIGHT: usize = 4;

/// Requests that may wait for the task; beyond that, `create_ticket` waits to enqueue (backpressure).
const QUEUE_CAPACITY: usize = 4 * MAX_BATCH;

type Reply = oneshot::Sender<Result<CreatedTicket, StoreError>>;

/// A ticket to create and where to send the outcome.
struct Request {
    new: NewTicket,
    reply: Reply,
}

/// The handle `PgStore` holds; cheap to clone. The task stops once every handle is gone.
#[derive(Debug, Clone)]
pub(crate) struct CreationQueue {
    sender: mpsc::Sender<Request>,
}

impl CreationQueue {
    /// Starts the queue's task on the current tokio runtime.
    pub(crate) fn start(pool: PgPool) -> CreationQueue {
        let (sender, receiver) = mpsc::channel(QUEUE_CAPACITY);
        tokio::spawn(run(pool, receiver));
        CreationQueue { sender }
    }

    /// Creates `new` in the next batch and waits until that batch has committed.
    pub(crate) async fn create(&self, new: NewTicket) -> Result<CreatedTicket, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(Request { new, reply })
            .await
            .map_err(|_| StoreError::backend(QueueStopped))?;
        // A dropped reply sender means the batch's task panicked or the runtime is shutting down.
        answer
            .await
            .map_err(|_| StoreError::backend(QueueStopped))?
    }
}

async fn run(pool: PgPool, mut receiver: mpsc::Receiver<Request>) {
    let in_flight = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let mut batch = Vec::with_capacity(MAX_BATCH);
    loop {
        // Taken before receiving: while every slot is busy, requests pile up into the next, larger batch.
        let Ok(slot) = Arc::clone(&in_flight).acquire_owned().await else {
            return;
        };
        // `recv_many` waits for the first request, then takes whatever else is queued; 0 means every sender
        // is gone and the queue is empty. Batches still running finish on their own.
        if receiver.recv_many(&mut batch, MAX_BATCH).await == 0 {
            return;
        }
        let requests = std::mem::replace(&mut batch, Vec::with_capacity(MAX_BATCH));
        // A task of its own, so that the next batch can resolve its requesters while this one waits for its
        // commit, and so that a panic only loses this batch: its reply senders are dropped (its callers get
        // an error) and so is its slot.
        let pool = pool.clone();
        tokio::spawn(async move {
            create_batch(pool, requests).await;
            drop(slot);
        });
    }
}

/// How one run of the transaction ended.
enum Attempt {
    /// Committed: the created tickets in request order, or each refused ticket's error.
    Committed(Vec<Result<CreatedTicket, StoreError>>),
    /// Rolled back as a whole: these tickets (by index) are refused and must not take part in the next run.
    Again(Vec<(usize, StoreError)>),
}

async fn create_batch(pool: PgPool, requests: Vec<Request>) {
    // A caller that has gone away (its request was cancelled) would not have created its ticket either.
    let mut pending: Vec<Request> = requests
        .into_iter()
        .filter(|request| !request.reply.is_closed())
        .collect();
    while !pending.is_empty() {
        let news = pending.iter().map(|request| request.new.clone()).collect();
        match attempt(&pool, news).await {
            Ok(Attempt::Committed(outcomes)) => {
                for (request, outcome) in pending.into_iter().zip(outcomes) {
                    // The caller may have gone away meanwhile; its ticket stands all the same.
                    let _ = request.reply.send(outcome);
                }
                return;
            }
            Ok(Attempt::Again(refused)) => {
                let mut refused: HashMap<usize, StoreError> = refused.into_iter().collect();
                let mut kept = Vec::with_capacity(pending.len());
                for (index, request) in pending.into_iter().enumerate() {
                    match refused.remove(&index) {
                        Some(error) => {
                            let _ = request.reply.send(Err(error));
                        }
                        None => kept.push(request),
                    }
                }
                pending = kept;
            }
            Err(Failure(error)) => {
                // StoreError is not Clone: every caller gets the same message.
                let message = error.to_string();
                tracing::warn!(%message, tickets = pending.len(), "ticket creation batch failed");
                for request in pending {
                    let _ = request
                        .reply
                        .send(Err(StoreError::backend(BatchFailed(message.clone()))));
                }
                return;
            }
        }
    }
}

/// Runs `news` in one transaction (see the module documentation). An `Err` means the transaction itself
/// failed (connection, commit): no ticket of the batch was created.
async fn attempt(pool: &PgPool, news: Vec<NewTicket>) -> Result<Attempt> {
    let mut tx = pool.begin().await?;
    let mut known = HashMap::new();
    let mut resolved = Vec::with_capacity(news.len());
    for (index, new) in news.into_iter().enumerate() {
        match resolve_requester(&mut tx, new, &mut known).await {
            Ok(ticket) => resolved.push(ticket),
            Err(Failure(error)) => {
                // The failed statement may have aborted the transaction (PostgreSQL then refuses everything
                // up to the rollback), so start over without this ticket. Rare: an unknown existing
                // requester, or a new one whose organization does not exist.
                tx.rollback().await?;
                return Ok(Attempt::Again(vec![(index, error)]));
            }
        }
    }

    // The whole batch at once: a handful of statements however many tickets. The savepoint is plain SQL
    // rather than a nested sqlx transaction so that success needs no RELEASE: COMMIT follows directly, one
    // round trip less while this transaction holds the counter every other creator is waiting for.
    sqlx::query("savepoint whole_batch")
        .execute(&mut *tx)
        .await?;
    match insert_resolved(&mut tx, &mut resolved).await {
        Ok(()) => {
            tx.commit().await?;
            return Ok(Attempt::Committed(
                resolved
                    .into_iter()
                    .map(|ticket| Ok(ticket.created()))
                    .collect(),
            ));
        }
        // Undoes the counter bump too; the per-ticket pass below finds out which tickets are refused.
        Err(_) => {
            sqlx::query("rollback to savepoint whole_batch")
                .execute(&mut *tx)
                .await?;
        }
    }

    let mut refused: Vec<(usize, StoreError)> = Vec::new();
    let mut leaves_contact = false;
    for (index, ticket) in resolved.iter_mut().enumerate() {
        let mut one = tx.begin().await?;
        match insert_resolved(&mut one, std::slice::from_mut(ticket)).await {
            Ok(()) => one.commit().await?,
            Err(Failure(error)) => {
                one.rollback().await?;
                leaves_contact |= ticket.requester_created;
                refused.push((index, error));
            }
        }
    }
    if leaves_contact {
        // Its requester would stay behind without a ticket; a run without it does not insert the contact (or
        // another ticket of the batch naming the same address inserts it and is told so).
        tx.rollback().await?;
        return Ok(Attempt::Again(refused));
    }
    tx.commit().await?;
    let mut refused: HashMap<usize, StoreError> = refused.into_iter().collect();
    Ok(Attempt::Committed(
        resolved
            .into_iter()
            .enumerate()
            .map(|(index, ticket)| match refused.remove(&index) {
                Some(error) => Err(error),
                None => Ok(ticket.created()),
            })
            .collect(),
    ))
}

/// The queue's task is gone (a panic, or the runtime shutting down).
#[derive(Debug)]
struct QueueStopped;

impl fmt::Display for QueueStopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the ticket creation queue has stopped")
    }
}

impl std::error::Error for QueueStopped {}

/// The transaction of a batch failed; the message is the original error's.
#[derive(Debug)]
struct BatchFailed(String);

impl fmt::Display for BatchFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the batch of ticket creations failed: {}", self.0)
    }
}

impl std::error::Error for BatchFailed {}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::time::Duration;

    use ayuda_core::Timestamp;
    use ayuda_core::contact::{Contact, Identity, IdentityKind};
    use ayuda_core::id::{ContactId, MessageId, TicketId, TicketNumber};
    use ayuda_core::message::{Author, Direction, Message, MessageKind};
    use ayuda_core::text::{Language, Name};
    use ayuda_core::ticket::{Channel, Priority, Status, Ticket, TicketSubject, TicketType};
    use ayuda_store::Requester;
    use sqlx::postgres::PgPoolOptions;

    use super::*;

    /// A pool that never connects: these tests never reach the database.
    fn unreachable_pool() -> PgPool {
        PgPoolOptions::new()
            .connect_lazy("postgres://nobody@127.0.0.1:1/none")
            .expect("a well-formed URL")
    }

    fn a_new_ticket() -> NewTicket {
        let now = Timestamp::now();
        let id = TicketId::generate();
        let contact = Contact {
            id: ContactId::generate(),
            name: Name::parse("Ana").expect("a valid name"),
            identities: vec![
                Identity::parse(IdentityKind::Email, "ana@example.com").expect("a valid address"),
            ],
            language: None,
            time_zone: None,
            organization_id: None,
            notes: String::new(),
            custom_fields: BTreeMap::new(),
            created_at: now,
            updated_at: now,
        };
        let message = Message {
            id: MessageId::generate(),
            ticket_id: id,
            kind: MessageKind::Reply,
            internal: false,
            direction: Direction::Inbound,
            author: Author::Contact(contact.id),
            channel: Channel::Email,
            body_text: "Hello".to_owned(),
            body_html: None,
            external_id: None,
            attachments: Vec::new(),
            created_at: now,
        };
        let ticket = Ticket {
            id,
            number: TicketNumber(0),
            subject: TicketSubject::parse("Hello").expect("a valid subject"),
            status: Status::New,
            priority: Priority::Normal,
            ticket_type: TicketType::Question,
            channel: Channel::Email,
            requester_id: contact.id,
            organization_id: None,
            group_id: None,
            assignee_id: None,
            tags: Vec::new(),
            custom_fields: BTreeMap::new(),
            language: Language::english(),
            links: Vec::new(),
            merged_into: None,
            created_at: now,
            updated_at: now,
            first_response_at: None,
            solved_at: None,
            sla: None,
            category_id: None,
            insight: Default::default(),
            version: 1,
        };
        NewTicket {
            ticket,
            requester: Requester::New(contact),
            message,
            events: Vec::new(),
            email: Default::default(),
            notifications: Vec::new(),
        }
    }

    #[tokio::test]
    async fn the_task_ends_when_the_last_handle_is_dropped() {
        let (sender, receiver) = mpsc::channel(1);
        let task = tokio::spawn(run(unreachable_pool(), receiver));
        let queue = CreationQueue { sender };
        let clone = queue.clone();
        drop(queue);
        assert!(!task.is_finished(), "a clone still holds the queue open");
        drop(clone);
        tokio::time::timeout(Duration::from_secs(5), task)
            .await
            .expect("the task ends")
            .expect("without panicking");
    }

    #[tokio::test]
    async fn a_caller_whose_batch_panics_gets_an_error() {
        let (sender, mut receiver) = mpsc::channel::<Request>(1);
        // Stands in for a batch task that panics while holding its requests.
        let batch = tokio::spawn(async move {
            let _request = receiver.recv().await;
            panic!("a bug in the batch");
        });
        let queue = CreationQueue { sender };
        let outcome = tokio::time::timeout(Duration::from_secs(5), queue.create(a_new_ticket()))
            .await
            .expect("the caller is not left hanging");
        assert!(matches!(outcome, Err(StoreError::Backend(_))));
        assert!(batch.await.is_err());
        // With the task gone, later callers are refused at once.
        assert!(matches!(
            queue.create(a_new_ticket()).await,
            Err(StoreError::Backend(_))
        ));
    }

    #[tokio::test]
    async fn a_failed_transaction_answers_every_ticket_of_the_batch() {
        let (replies, answers): (Vec<_>, Vec<_>) = (0..3).map(|_| oneshot::channel()).unzip();
        let requests = replies
            .into_iter()
            .map(|reply| Request {
                new: a_new_ticket(),
                reply,
            })
            .collect();
        let pool = PgPoolOptions::new()
            .acquire_timeout(Duration::from_millis(200))
            .connect_lazy("postgres://nobody@127.0.0.1:1/none")
            .expect("a well-formed URL");
        create_batch(pool, requests).await;
        for answer in answers {
            let outcome = answer.await.expect("every request is answered");
            assert!(matches!(outcome, Err(StoreError::Backend(_))));
        }
    }
}
