//! Fuzz target: the whole intake pipeline on arbitrary bytes, into a real SQLite store that lives for the
//! whole run (so inputs also thread into tickets earlier inputs opened). Every input must end stored,
//! quarantined or recognised as a duplicate: `ingest_email` may fail only when the database does, and
//! nothing may panic.
#![no_main]

use std::sync::{Arc, OnceLock};

use ayuda_app::App;
use ayuda_app::email::ingest::Delivery;
use ayuda_core::email::InboundSource;
use libfuzzer_sys::fuzz_target;

struct Harness {
    runtime: tokio::runtime::Runtime,
    app: App,
    _dir: tempfile::TempDir,
}

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let dir = tempfile::tempdir().expect("a temporary directory");
        let app = runtime.block_on(async {
            let store = ayuda_store_sqlite::SqliteStore::open(&dir.path().join("fuzz.db"))
                .expect("the database opens");
            store.migrate().await.expect("migrations apply");
            App::new(Arc::new(store), Arc::new(ayuda_core::clock::SystemClock))
                .with_blobs(ayuda_app::blobs::BlobStore::new(dir.path().join("blobs")))
        });
        Harness {
            runtime,
            app,
            _dir: dir,
        }
    })
}

fuzz_target!(|raw: &[u8]| {
    let harness = harness();
    let outcome = harness.runtime.block_on(harness.app.ingest_email(Delivery {
        raw: raw.to_vec(),
        source: InboundSource::Pipe,
        mailbox: None,
        imap: None,
    }));
    if let Err(error) = outcome {
        panic!("the intake failed without a database failure: {error:?}");
    }
});
