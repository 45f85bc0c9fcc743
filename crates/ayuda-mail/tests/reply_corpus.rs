//! Reply extraction measured against the expected answers of two public suites in `../shared/corpus`
//! (github/email_reply_parser and mailgun/talon; nothing of them is copied here). Each section prints its
//! pass rate and one line per failing fixture (`cargo test -p ayuda-mail --test reply_corpus --
//! --nocapture`), and asserts a floor just below what the rules reach today, so a change that loses cases
//! fails CI.
//! Every HTML part of the whole corpus also goes through `extract_reply_html`, which must not panic.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use ayuda_mail::{extract_reply, extract_reply_html, parse, strip_quotes};

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

/// Trailing whitespace of each line and blank lines at either end do not count.
fn normalise(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Passed and failed cases of one section, printed as a report.
struct Tally {
    name: &'static str,
    passed: usize,
    failed: Vec<String>,
}

impl Tally {
    fn new(name: &'static str) -> Tally {
        Tally {
            name,
            passed: 0,
            failed: Vec::new(),
        }
    }

    fn record(&mut self, case: &str, ok: bool, detail: impl FnOnce() -> String) {
        if ok {
            self.passed += 1;
        } else {
            println!("FAIL {}: {case}\n{}", self.name, detail());
            self.failed.push(case.to_string());
        }
    }

    fn report(&self, floor: usize) {
        let total = self.passed + self.failed.len();
        println!("{}: {}/{} passed", self.name, self.passed, total);
        assert!(total > 0, "{}: no cases found", self.name);
        assert!(
            self.passed >= floor,
            "{}: {}/{total} passed, below the floor of {floor}; failing: {:?}",
            self.name,
            self.passed,
            self.failed
        );
    }
}

fn diff(got: &str, expected: &str) -> String {
    format!("  expected: {expected:?}\n  got:      {got:?}")
}

/// The sender some upstream tests pass along with the body; the test's name says which.
fn sender_for(test: &str) -> Option<&'static str> {
    if test.contains("from_name") || test.contains("own_name") {
        Some("Jim Smith")
    } else if test.contains("own_email_address") {
        Some("john.smith@gmail.com")
    } else if test.contains("from_email") {
        Some("john@example.com")
    } else {
        None
    }
}

#[test]
fn email_reply_parser_visible_text() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("github-email_reply_parser");
    let json = read_json(&dir.join("EXPECTED_assertions.json"));
    let mut tally = Tally::new("email_reply_parser visible_text_equals");
    for assertion in json
        .get("assertions")
        .and_then(Json::as_array)
        .unwrap_or(&[])
    {
        if assertion.str("check") != Some("visible_text_equals") {
            continue;
        }
        let fixture = assertion.str("fixture").unwrap_or_default();
        let path = match assertion.str("fixture_path") {
            Some(relative) => dir.join(relative),
            None => dir.join("test/emails").join(fixture),
        };
        let body = std::fs::read_to_string(&path).unwrap();
        let test = assertion.str("test").unwrap_or_default();
        let expected = normalise(assertion.str("value").unwrap_or_default());
        let got = normalise(&extract_reply(&body, sender_for(test)).visible);
        tally.record(&format!("{fixture} ({test})"), got == expected, || {
            diff(&got, &expected)
        });
    }
    // 27 of 27 pass today.
    tally.report(26);
}

#[test]
fn talon_standard_replies_strip_quotes() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("mailgun-talon");
    let json = read_json(&dir.join("EXPECTED_from_tests.json"));
    let mut tally = Tally::new("talon standard_replies_plain_text");
    for (file, expected) in json
        .get("standard_replies_plain_text")
        .and_then(Json::as_object)
        .unwrap()
    {
        let raw = std::fs::read(dir.join(file)).unwrap();
        let text = parse(&raw)
            .ok()
            .and_then(|email| email.text)
            .unwrap_or_default();
        let expected = normalise(expected.as_str().unwrap_or_default());
        let got = normalise(&strip_quotes(&text));
        tally.record(file, got == expected, || diff(&got, &expected));
    }
    // 12 of 12 pass today.
    tally.report(11);
}

#[test]
fn talon_html_replies() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("mailgun-talon");
    let json = read_json(&dir.join("EXPECTED_from_tests.json"));
    let mut tally = Tally::new("talon html_replies_text_ignoring_whitespace");
    for (file, expected) in json
        .get("html_replies_text_ignoring_whitespace")
        .and_then(Json::as_object)
        .unwrap()
    {
        let html = String::from_utf8_lossy(&std::fs::read(dir.join(file)).unwrap()).into_owned();
        let expected = expected.as_str().unwrap_or_default();
        let got = extract_reply_html(&html);
        tally.record(file, squeeze(&got) == squeeze(expected), || {
            diff(&got, expected)
        });
    }
    // 9 of 9 pass today.
    tally.report(8);
}

#[test]
fn talon_signatures() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("mailgun-talon");
    let json = read_json(&dir.join("EXPECTED_from_tests.json"));
    let mut tally = Tally::new("talon signature_extraction");
    for (file, case) in json
        .get("signature_extraction")
        .and_then(Json::as_object)
        .unwrap()
    {
        let body = std::fs::read_to_string(dir.join(file)).unwrap();
        let sender = case.str("sender").filter(|s| !s.is_empty());
        let expected = normalise(case.str("signature").unwrap_or_default());
        let got = normalise(
            extract_reply(&body, sender)
                .signature
                .as_deref()
                .unwrap_or_default(),
        );
        tally.record(file, got == expected, || diff(&got, &expected));
    }
    // 6 of 6 pass today.
    tally.report(5);
}

#[test]
fn every_html_part_of_the_corpus_is_handled_without_a_crash() {
    let Some(corpus) = corpus() else { return };
    let mut files = Vec::new();
    all_files(&corpus, &mut files);
    let mut parts = 0;
    let mut crashed = Vec::new();
    for path in &files {
        let raw = std::fs::read(path).unwrap();
        let html = match path.extension().and_then(|e| e.to_str()) {
            Some("html" | "htm") => Some(String::from_utf8_lossy(&raw).into_owned()),
            _ => parse(&raw).ok().and_then(|email| email.html),
        };
        let text = parse(&raw).ok().and_then(|email| email.text);
        let run = catch_unwind(AssertUnwindSafe(|| {
            if let Some(html) = &html {
                parts += 1;
                extract_reply_html(html);
            }
            if let Some(text) = &text {
                extract_reply(text, Some("Ana Pérez <ana@example.com>"));
            }
        }));
        if run.is_err() {
            crashed.push(path.display().to_string());
        }
    }
    println!("{parts} HTML parts extracted");
    assert!(
        crashed.is_empty(),
        "reply extraction crashed on: {crashed:#?}"
    );
}

fn all_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            all_files(&path, out);
        } else if path.extension().is_none_or(|e| e != "json") {
            out.push(path);
        }
    }
}

/// Just enough JSON for the expected-answer files: objects, arrays, strings, and scalars kept as text.
#[derive(Debug)]
enum Json {
    Object(BTreeMap<String, Json>),
    Array(Vec<Json>),
    String(String),
    Scalar,
}

impl Json {
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(map) => map.get(key),
            _ => None,
        }
    }
    fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Json::as_str)
    }
    fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }
    fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }
    fn as_object(&self) -> Option<&BTreeMap<String, Json>> {
        match self {
            Json::Object(map) => Some(map),
            _ => None,
        }
    }
}

fn read_json(path: &Path) -> Json {
    let text = std::fs::read_to_string(path).unwrap();
    let mut chars = text.chars().peekable();
    let value = json_value(&mut chars);
    value.unwrap_or_else(|| panic!("{} is not JSON this reader understands", path.display()))
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_space(chars: &mut Chars) {
    while chars.next_if(|c| c.is_whitespace()).is_some() {}
}

fn json_value(chars: &mut Chars) -> Option<Json> {
    skip_space(chars);
    match *chars.peek()? {
        '{' => {
            chars.next();
            let mut map = BTreeMap::new();
            loop {
                skip_space(chars);
                match chars.next()? {
                    '}' => return Some(Json::Object(map)),
                    ',' => continue,
                    '"' => {
                        let key = json_string(chars)?;
                        skip_space(chars);
                        (chars.next()? == ':').then_some(())?;
                        map.insert(key, json_value(chars)?);
                    }
                    _ => return None,
                }
            }
        }
        '[' => {
            chars.next();
            let mut items = Vec::new();
            loop {
                skip_space(chars);
                match chars.peek()? {
                    ']' => {
                        chars.next();
                        return Some(Json::Array(items));
                    }
                    ',' => {
                        chars.next();
                    }
                    _ => items.push(json_value(chars)?),
                }
            }
        }
        '"' => {
            chars.next();
            json_string(chars).map(Json::String)
        }
        _ => {
            while chars
                .next_if(|c| c.is_alphanumeric() || "+-.".contains(*c))
                .is_some()
            {}
            Some(Json::Scalar)
        }
    }
}

fn json_string(chars: &mut Chars) -> Option<String> {
    let mut out = String::new();
    loop {
        match chars.next()? {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' => {
                    let first = hex4(chars)?;
                    let code = if (0xD800..0xDC00).contains(&first) {
                        (chars.next()? == '\\' && chars.next()? == 'u').then_some(())?;
                        let second = hex4(chars)?;
                        0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    } else {
                        first
                    };
                    out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
}

fn hex4(chars: &mut Chars) -> Option<u32> {
    let hex: String = (0..4).filter_map(|_| chars.next()).collect();
    u32::from_str_radix(&hex, 16).ok()
}
