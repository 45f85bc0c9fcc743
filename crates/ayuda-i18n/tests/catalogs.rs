//! Every language has every message, no more, and every catalog file parses: a missing translation fails
//! here instead of showing a key to a reader.

use std::collections::BTreeSet;

use ayuda_i18n::{Catalog, Locale, Translator};

#[test]
fn the_catalog_files_parse_without_errors_or_duplicate_keys() {
    assert_eq!(Catalog::get().problems(), &[] as &[String]);
}

#[test]
fn every_language_has_exactly_the_keys_of_english() {
    let catalog = Catalog::get();
    let english: BTreeSet<&String> = catalog.keys(Locale::En).iter().collect();
    assert!(english.len() > 20, "the English catalog is almost empty");
    for locale in [Locale::Es, Locale::It] {
        let keys: BTreeSet<&String> = catalog.keys(locale).iter().collect();
        let missing: Vec<_> = english.difference(&keys).collect();
        let extra: Vec<_> = keys.difference(&english).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{locale}: missing {missing:?}, not in English {extra:?}"
        );
    }
}

#[test]
fn every_message_formats_to_text_in_every_language() {
    // A message that references a term or message that does not exist formats with an error marker.
    let catalog = Catalog::get();
    for locale in Locale::ALL {
        let translator = Translator::new(locale);
        for key in catalog.keys(locale) {
            let text = translator.t(key);
            assert!(!text.trim().is_empty(), "{locale}: {key} is empty");
            assert!(
                !text.contains("{???}"),
                "{locale}: {key} refers to something missing: {text}"
            );
        }
    }
}

#[test]
fn a_missing_key_shows_itself_instead_of_failing() {
    assert_eq!(Translator::new(Locale::Es).t("no-such-key"), "no-such-key");
}
