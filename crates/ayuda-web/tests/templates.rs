//! The interfaces speak only through the catalogs: no template holds words of its own, every message a
//! template asks for exists, and every value the pages name (statuses, priorities, kinds of message,
//! channels, types, identities, views) has its words in every language.

use std::fs;
use std::path::{Path, PathBuf};

use ayuda_core::contact::IdentityKind;
use ayuda_core::message::MessageKind;
use ayuda_core::ticket::{Channel, LinkKind, Priority, Status, TicketType};
use ayuda_i18n::{Catalog, Locale};

fn templates() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, found: &mut Vec<(PathBuf, String)>) {
        for entry in fs::read_dir(dir).expect("read the templates folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "html") {
                let text = fs::read_to_string(&path).expect("read a template");
                found.push((path, text));
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        &mut found,
    );
    assert!(found.len() >= 4, "the templates were not found");
    found
}

/// The template with every `{{ }}`, `{% %}` and `{# #}` replaced by a blank: what is left is markup and
/// whatever text a person would read as it is.
fn without_template_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(['{']) {
        let closing = match rest[start..].chars().nth(1) {
            Some('{') => "}}",
            Some('%') => "%}",
            Some('#') => "#}",
            _ => {
                out.push_str(&rest[..=start]);
                rest = &rest[start + 1..];
                continue;
            }
        };
        out.push_str(&rest[..start]);
        out.push(' ');
        let end = rest[start..]
            .find(closing)
            .map(|i| start + i + 2)
            .unwrap_or(rest.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Literal words: text between tags, and the values of attributes people read.
fn hard_coded_words(markup: &str) -> Vec<String> {
    const READ_ATTRIBUTES: [&str; 5] = ["title", "placeholder", "aria-label", "alt", "label"];
    let has_words = |s: &str| {
        // Character references (`&nbsp;`) are not words.
        let mut cleaned = s.to_owned();
        while let Some(start) = cleaned.find('&') {
            match cleaned[start..].find(';') {
                Some(end) => cleaned.replace_range(start..=start + end, " "),
                None => break,
            }
        }
        cleaned.chars().any(char::is_alphabetic)
    };
    let mut found = Vec::new();
    let mut rest = markup;
    while !rest.is_empty() {
        let (text, after) = match rest.find('<') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if has_words(text) {
            found.push(text.trim().to_owned());
        }
        let Some(end) = after.find('>') else { break };
        let tag = &after[..=end];
        for attribute in READ_ATTRIBUTES {
            let marker = format!(" {attribute}=\"");
            if let Some(start) = tag.find(&marker) {
                let value = &tag[start + marker.len()..];
                let value = &value[..value.find('"').unwrap_or(value.len())];
                if has_words(value) {
                    found.push(format!("{attribute}=\"{value}\""));
                }
            }
        }
        rest = &after[end + 1..];
    }
    found
}

#[test]
fn no_template_holds_words_of_its_own() {
    let mut offenders = Vec::new();
    for (path, text) in templates() {
        for words in hard_coded_words(&without_template_code(&text)) {
            offenders.push(format!("{}: {words}", path.display()));
        }
    }
    assert!(
        offenders.is_empty(),
        "hard-coded words:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_lint_catches_words_in_text_and_in_read_attributes() {
    let markup = without_template_code(
        "<p>{{ t(\"a\") }}</p><p>Hello</p><input placeholder=\"Search\"><b>#{{ n }}&nbsp;</b>",
    );
    assert_eq!(
        hard_coded_words(&markup),
        ["Hello", "placeholder=\"Search\""]
    );
}

#[test]
fn every_message_a_template_asks_for_exists() {
    let english = Catalog::get().keys(Locale::En);
    let mut missing = Vec::new();
    for (path, text) in templates() {
        for call in ["t(\"", "t1(\"", "tn(\""] {
            for (i, _) in text.match_indices(call) {
                let key = &text[i + call.len()..];
                let key = &key[..key.find('"').unwrap_or(0)];
                if !english.iter().any(|k| k == key) {
                    missing.push(format!("{}: {key}", path.display()));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "messages not in the catalog:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_named_value_has_words_in_every_language() {
    let mut keys: Vec<String> = Vec::new();
    keys.extend(Status::ALL.iter().map(|s| format!("status-{s}")));
    keys.extend(Priority::ALL.iter().map(|p| format!("priority-{p}")));
    keys.extend(MessageKind::ALL.iter().map(|k| format!("kind-{k}")));
    keys.extend(Channel::ALL.iter().map(|c| format!("channel-{c}")));
    keys.extend(TicketType::ALL.iter().map(|t| format!("type-{t}")));
    keys.extend(LinkKind::ALL.iter().map(|k| format!("link-{k}")));
    keys.extend(
        IdentityKind::ALL
            .iter()
            .map(|i| format!("identity-{}", i.as_str())),
    );
    keys.extend(
        ["mine", "unassigned", "open", "pending", "recent"]
            .iter()
            .map(|v| format!("view-{v}")),
    );
    for locale in Locale::ALL {
        let catalog = Catalog::get().keys(locale);
        for key in &keys {
            assert!(catalog.contains(key), "{locale} has no {key}");
        }
    }
}
