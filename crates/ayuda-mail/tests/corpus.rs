//! Conformance over real-world messages from public test suites in `../shared/corpus` (CI has it beside the
//! repository; nothing of it is copied here). Every message must parse or be refused as unreadable, never crash
//! the parser; practically every delivery-failure report of the sisimai set must be recognised as machine
//! mail, so Ayuda never answers a bounce and starts a mail loop, and its non-bounces must not be taken for one.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use ayuda_mail::{Automation, parse};

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

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| {
            ["eml", "msg", "txt", "mbox"]
                .iter()
                .any(|x| e.eq_ignore_ascii_case(x))
        }) || path.extension().is_none()
        {
            out.push(path);
        }
    }
}

#[test]
fn every_corpus_message_parses_or_is_refused_without_a_crash() {
    let Some(corpus) = corpus() else { return };
    let mut all = Vec::new();
    files(&corpus, &mut all);
    assert!(
        all.len() > 100,
        "the corpus looks empty: {} files",
        all.len()
    );
    let mut parsed = 0;
    let mut crashed = Vec::new();
    for path in &all {
        let raw = std::fs::read(path).unwrap();
        match catch_unwind(AssertUnwindSafe(|| parse(&raw))) {
            Ok(Ok(_)) => parsed += 1,
            Ok(Err(_)) => {}
            Err(_) => crashed.push(path.display().to_string()),
        }
    }
    eprintln!("{parsed} of {} corpus files parsed as messages", all.len());
    assert!(crashed.is_empty(), "the parser crashed on: {crashed:#?}");
}

#[test]
fn every_sisimai_bounce_is_recognised_as_machine_mail() {
    let Some(corpus) = corpus() else { return };
    let mut bounces = Vec::new();
    files(
        &corpus.join("sisimai-set-of-emails/maildir/bsd"),
        &mut bounces,
    );
    assert!(!bounces.is_empty(), "no sisimai messages found");
    let mut answered = Vec::new();
    for path in &bounces {
        let raw = std::fs::read(path).unwrap();
        if let Ok(email) = parse(&raw)
            && email.automation == Automation::Person
        {
            answered.push(
                path.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    eprintln!(
        "{} of {} bounces recognised; missed: {answered:?}",
        bounces.len() - answered.len(),
        bounces.len()
    );
    // Some reports carry no sign at all that a machine sent them (an abuse complaint written like a person's
    // mail); the requirement is that practically every real bounce is caught.
    assert!(
        answered.len() * 100 <= bounces.len(),
        "more than 1 % of real bounces would get an automatic answer ({} of {}): {answered:?}",
        answered.len(),
        bounces.len()
    );
}

#[test]
fn messages_that_are_not_bounces_are_not_taken_for_bounces() {
    let Some(corpus) = corpus() else { return };
    let mut messages = Vec::new();
    files(
        &corpus.join("sisimai-set-of-emails/maildir/not"),
        &mut messages,
    );
    assert!(!messages.is_empty(), "no sisimai non-bounces found");
    for path in &messages {
        let raw = std::fs::read(path).unwrap();
        if let Ok(email) = parse(&raw) {
            assert_ne!(
                email.automation,
                Automation::Bounce,
                "{} is not a bounce",
                path.display()
            );
        }
    }
}
