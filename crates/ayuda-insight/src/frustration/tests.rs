//! Cases of the frustration scorer: each signal on its own, in the three languages.

use super::*;

fn check(text: &str, language: &str, frustrated: bool) {
    let found = score_message(text, language);
    assert_eq!(
        found.is_frustrated(),
        frustrated,
        "{text:?} ({language}) scored {} with {:?}",
        found.score,
        found.signals
    );
}

#[test]
fn a_plain_question_is_calm() {
    let found = score_message("Can I change the delivery address of my order?", "en");
    assert_eq!(found.score, 0);
    assert!(found.signals.is_empty());
}

#[test]
fn one_strong_word_is_frustration_in_each_language() {
    check("This is unacceptable.", "en", true);
    check("Esto es inaceptable.", "es", true);
    check("Questo è inaccettabile.", "it", true);
}

#[test]
fn one_word_of_complaint_is_not_yet_frustration_but_intensified_it_is() {
    check("The packaging was disappointing.", "en", false);
    check("I am extremely disappointed and annoyed.", "en", true);
    check("Estoy decepcionado.", "es", false);
    check("Estoy muy decepcionado y molesto.", "es", true);
    check("Sono deluso.", "it", false);
    check("Sono davvero deluso e arrabbiato.", "it", true);
}

#[test]
fn inflections_count_like_the_listed_word() {
    let found = score_message("I'm frustrating myself here", "en");
    assert!(matches!(found.signals.as_slice(), [Signal::Complaint(w)] if w == "frustrating"));
    let found = score_message("Siamo arrabbiati", "it");
    assert!(matches!(found.signals.as_slice(), [Signal::Complaint(w)] if w == "arrabbiati"));
}

#[test]
fn negation_turns_contentment_into_complaint_and_cancels_complaint() {
    let found = score_message("I am not happy with this at all.", "en");
    assert_eq!(found.signals, vec![Signal::NegatedPositive("happy".into())]);
    assert_eq!(score_message("Not bad at all, thanks!", "en").score, 0);
    let found = score_message("No estoy nada satisfecho.", "es");
    assert_eq!(
        found.signals,
        vec![Signal::NegatedPositive("satisfecho".into())]
    );
    let found = score_message("Non sono per niente soddisfatta.", "it");
    assert_eq!(
        found.signals,
        vec![Signal::NegatedPositive("soddisfatta".into())]
    );
    // "don't" is one word, a negator.
    let found = score_message("I don't think it's good enough", "en");
    assert_eq!(found.signals, vec![Signal::NegatedPositive("good".into())]);
}

#[test]
fn capitals_and_repeated_punctuation_are_signals_but_acronyms_are_not() {
    let found = score_message("WHERE IS MY ORDER", "en");
    assert_eq!(found.signals, vec![Signal::Shouting]);
    let found = score_message("Please send the VAT invoice to our ACME office", "en");
    assert!(found.signals.is_empty(), "{:?}", found.signals);
    let found = score_message("¿¿Dónde está mi pedido??", "es");
    assert_eq!(found.signals, vec![Signal::RepeatedPunctuation]);
    check("DOVE È IL MIO ORDINE?!", "it", true);
}

#[test]
fn saying_it_happens_again_counts_as_expressions_and_once_per_kind_of_phrase() {
    let found = score_message("This is the third time I write", "en");
    assert_eq!(found.signals, vec![Signal::Repetition("third time".into())]);
    let found = score_message("Ancora una volta il pacco non è arrivato", "it");
    assert_eq!(
        found.signals,
        vec![Signal::Repetition("Ancora una volta".into())]
    );
    let found = score_message("otra vez, otra vez, otra vez, otra vez", "es");
    assert_eq!(found.signals.len(), 2);
}

#[test]
fn thanks_soften_a_complaint() {
    let harsh = score_message("The parcel arrived broken.", "en");
    let softer = score_message("The parcel arrived broken. Thanks for your help.", "en");
    assert!(softer.score < harsh.score);
}

#[test]
fn the_case_history_adds_but_never_alone_makes_a_calm_customer_frustrated() {
    let calm = score_message("Any news about my refund?", "en");
    let long_case = for_case(
        &calm,
        CaseHistory {
            reopens: 3,
            breaches: 4,
            repeat_contacts: 5,
        },
    );
    assert!(!long_case.is_frustrated(), "{}", long_case.score);
    assert!(long_case.score > calm.score);
    let annoyed = score_message("I'm disappointed, any news about my refund?", "en");
    assert!(!annoyed.is_frustrated());
    let reopened = for_case(
        &annoyed,
        CaseHistory {
            reopens: 1,
            breaches: 1,
            repeat_contacts: 0,
        },
    );
    assert!(reopened.is_frustrated(), "{}", reopened.score);
    assert!(reopened.signals.contains(&Signal::Reopened(1)));
    assert!(reopened.signals.contains(&Signal::Breached(1)));
}

#[test]
fn scores_stay_within_range_for_any_text() {
    let rant = "UNACCEPTABLE!!! SCAM!!! WORST SERVICE EVER, I'M FURIOUS, LAWYER!!! ".repeat(50);
    let found = score_message(&rant, "en");
    assert!(found.score <= 100 && found.score >= 95);
    assert_eq!(score_message("", "en").score, 0);
    assert_eq!(
        score_message("!!!", "xx").signals,
        vec![Signal::RepeatedPunctuation]
    );
}
