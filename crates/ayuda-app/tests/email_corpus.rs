//! Every real-world message of `../shared/corpus` through the whole intake pipeline into a real store: each
//! one ends stored on a ticket or quarantined with a reason (or recognised as a copy of one before), none is
//! lost, and the intake never fails or panics. Runs on SQLite and PostgreSQL.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ayuda_app::App;
use ayuda_app::email::ingest::{Delivery, Ingested};
use ayuda_core::clock::SystemClock;
use ayuda_core::email::{InboundSource, InboundState};
use ayuda_store::Store;

fn corpus() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if path.is_dir() {
        return Some(path);
    }
    let message = format!("skipping: the shared corpus is not at {}", path.display());
    if std::env::var("AYUDA_TEST_STRICT").is_ok_and(|strict| strict == "1") {
        panic!("{message}");
    }
    eprintln!("{message}");
    None
}

/// The corpus's message files: what its test suites feed their parsers (JSON answers and licences aside).
fn messages(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            messages(&path, out);
        } else if path.extension().is_none()
            || path.extension().is_some_and(|e| {
                ["eml", "msg", "txt", "mbox"]
                    .iter()
                    .any(|x| e.eq_ignore_ascii_case(x))
            })
        {
            out.push(path);
        }
    }
}

async fn every_message_is_stored_or_quarantined(store: Arc<dyn Store>) {
    let Some(corpus) = corpus() else { return };
    let mut files = Vec::new();
    messages(&corpus, &mut files);
    assert!(files.len() > 500, "the corpus looks empty: {}", files.len());
    let blobs = std::env::temp_dir().join(format!("ayuda-corpus-blobs-{}", uuid::Uuid::now_v7()));
    let app = App::new(Arc::clone(&store), Arc::new(SystemClock))
        .with_blobs(ayuda_app::blobs::BlobStore::new(&blobs));
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let bounces = corpus.join("sisimai-set-of-emails/maildir");
    let (mut bounce_files, mut bounces_opening_tickets) = (0, Vec::new());
    for path in &files {
        let raw = std::fs::read(path).unwrap();
        let outcome = app
            .ingest_email(Delivery {
                raw,
                source: InboundSource::Pipe,
                mailbox: None,
                imap: None,
            })
            .await
            .unwrap_or_else(|e| panic!("{}: the intake failed: {e:?}", path.display()));
        let is_bounce = path.starts_with(&bounces) && !path.starts_with(bounces.join("not"));
        if is_bounce {
            bounce_files += 1;
            if let Ingested::Opened { ticket, .. } = outcome {
                bounces_opening_tickets.push(path.display().to_string());
                // Kept on a ticket as machine mail (an autoresponder's, a provider's notice), and never answered.
                assert!(
                    store.list_outbox(ticket).await.unwrap().is_empty(),
                    "{} was answered",
                    path.display()
                );
            }
        }
        let name = match outcome {
            Ingested::Opened { .. } => "opened",
            Ingested::Appended { .. } => "appended",
            Ingested::Bounce { .. } => "bounce",
            Ingested::Quarantined { reason, .. } => {
                assert!(!reason.is_empty(), "{}: no reason", path.display());
                *reasons
                    .entry(reason.chars().take(60).collect())
                    .or_default() += 1;
                "quarantined"
            }
            Ingested::Duplicate => "duplicate",
        };
        *outcomes.entry(name).or_default() += 1;
    }
    eprintln!("{} corpus files: {outcomes:?}", files.len());
    eprintln!("quarantined because: {reasons:#?}");

    // What the store holds agrees: one record per email that was not a copy, each on a ticket or with a reason.
    let mut recorded = 0;
    let mut after = None;
    loop {
        let page = store.list_inbound(None, after, 200).await.unwrap();
        for email in &page.items {
            recorded += 1;
            match email.state {
                InboundState::Quarantined => assert!(email.reason.is_some()),
                _ => assert!(email.ticket_id.is_some(), "{email:?} is on no ticket"),
            }
        }
        match page.next_cursor {
            Some(cursor) => after = Some(cursor),
            None => break,
        }
    }
    let duplicates = outcomes.get("duplicate").copied().unwrap_or_default();
    assert_eq!(
        recorded + duplicates,
        files.len(),
        "every file is accounted for"
    );
    // The sisimai set's reports are taken as bounces (no ticket of theirs is known, so they wait in
    // quarantine with the address marked); the few taken as other machine mail are kept unanswered (above).
    assert!(bounce_files > 250, "{bounce_files} bounce files");
    eprintln!(
        "{} of {bounce_files} sisimai reports taken as bounces; kept as machine mail: {bounces_opening_tickets:#?}",
        bounce_files - bounces_opening_tickets.len()
    );
    assert!(
        bounces_opening_tickets.len() * 20 <= bounce_files,
        "more than 5% of the reports opened tickets: {bounces_opening_tickets:#?}"
    );
    let opened = outcomes.get("opened").copied().unwrap_or_default();
    assert!(opened >= 100, "ordinary mail opens tickets: {outcomes:?}");
    let _ = std::fs::remove_dir_all(blobs);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_every_corpus_message_is_stored_or_quarantined() {
    let test = ayuda_store_tests::harness::sqlite().await;
    every_message_is_stored_or_quarantined(Arc::clone(&test.store)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_every_corpus_message_is_stored_or_quarantined() {
    let Some(test) = ayuda_store_tests::harness::postgres().await else {
        return;
    };
    every_message_is_stored_or_quarantined(Arc::clone(&test.store)).await;
}
