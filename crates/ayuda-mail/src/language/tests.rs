//! Language detection per sentence, the hint as fallback, and texts that tell nothing.

use super::*;

#[track_caller]
fn check(text: &str, hint: Option<&str>, expected: Option<&str>) {
    let detected = detect_language(text, hint).map(DetectedLanguage::code);
    assert_eq!(detected, expected, "{text:?} with hint {hint:?}");
}

#[test]
fn each_language_is_recognised_from_a_few_sentences() {
    let cases = [
        (
            "en",
            "Hello, my printer stopped working yesterday and I cannot print the invoices. Could you help me, please?",
        ),
        (
            "en",
            "The parcel arrived damaged and two of the glasses were broken. I would like a refund or a replacement.",
        ),
        (
            "es",
            "Hola, la impresora dejó de funcionar ayer y no puedo imprimir las facturas. ¿Me pueden ayudar, por favor?",
        ),
        (
            "es",
            "El paquete llegó dañado y dos de los vasos estaban rotos. Quisiera un reembolso o que me envíen otros.",
        ),
        (
            "it",
            "Buongiorno, la stampante ha smesso di funzionare ieri e non riesco a stampare le fatture. Potete aiutarmi?",
        ),
        (
            "it",
            "Il pacco è arrivato danneggiato e due bicchieri erano rotti. Vorrei un rimborso oppure una sostituzione.",
        ),
        (
            "fr",
            "Bonjour, mon imprimante ne fonctionne plus depuis hier et je ne peux pas imprimer les factures. Pouvez-vous m'aider ?",
        ),
        (
            "de",
            "Guten Tag, mein Drucker funktioniert seit gestern nicht mehr und ich kann die Rechnungen nicht drucken. Können Sie mir helfen?",
        ),
        (
            "pt",
            "Olá, a minha impressora deixou de funcionar ontem e não consigo imprimir as faturas. Podem ajudar-me, por favor?",
        ),
    ];
    for (expected, text) in cases {
        check(text, None, Some(expected));
        // A wrong hint does not override a clear text.
        check(text, Some("de"), Some(expected));
    }
}

#[test]
fn a_short_email_is_recognised() {
    check(
        "Hola,\r\nmi pedido 4411 todavía no ha llegado. ¿Podéis mirarlo?\r\nGracias, Ana\r\n",
        None,
        Some("es"),
    );
}

#[test]
fn short_texts_fall_back_to_the_hint() {
    check("Gracias!", Some("es-MX"), Some("es"));
    check("OK, grazie", Some("it"), Some("it"));
    check("Merci", Some("fr, en"), Some("fr"));
    check("Danke", Some("DE_at"), Some("de"));
    check("Thanks", None, None);
    check("Thanks", Some("nl"), None);
    check("Thanks", Some(""), None);
    check("", Some("pt-BR"), Some("pt"));
}

#[test]
fn texts_that_tell_nothing_use_the_hint_or_nothing() {
    check(
        "12345 67890 !!! ??? 2026-11-24 10:00 +34 600 000 000",
        Some("it"),
        Some("it"),
    );
    check(
        "12345 67890 !!! ??? 2026-11-24 10:00 +34 600 000 000",
        None,
        None,
    );
    // Another script than the six languages'.
    check(
        "Здравствуйте, мой принтер не работает со вчерашнего дня.",
        Some("en"),
        Some("en"),
    );
    check(
        "こんにちは、昨日からプリンターが動きません。助けてください。",
        None,
        None,
    );
}

#[test]
fn gibberish_is_not_given_a_language() {
    for gibberish in [
        "xqzv kjhw pqlt zzkx vvbq wmxr qqtz kkpl zxqv",
        "asdf asdf qwer qwer zxcv zxcv uiop hjkl",
        "lorem ipsum dolor sit amet consectetur adipiscing elit sed do",
    ] {
        check(gibberish, None, None);
        check(gibberish, Some("it"), Some("it"));
    }
}

#[test]
fn quoted_lines_are_not_the_customers_words() {
    let reply = "Sí, ya llegó el repuesto, muchas gracias por la ayuda.\n\n> Hello Ana, we have shipped the spare part today.\n> It should arrive tomorrow morning. Kind regards, Acme support team.\n> Please let us know whether everything works as expected.";
    check(reply, None, Some("es"));
}

#[test]
fn tags_name_languages() {
    let tag = DetectedLanguage::from_tag;
    assert_eq!(tag("es"), Some(DetectedLanguage::Spanish));
    assert_eq!(tag(" PT-br "), Some(DetectedLanguage::Portuguese));
    assert_eq!(tag("en;q=0.8"), Some(DetectedLanguage::English));
    assert_eq!(
        tag("ca, es"),
        None,
        "the first value wins, and Catalan is not among the six"
    );
    assert_eq!(tag("e"), None);
    assert_eq!(tag("spa"), None);
    for language in DetectedLanguage::ALL {
        assert_eq!(tag(language.code()), Some(language));
        assert_eq!(
            DetectedLanguage::from_whatlang(language.whatlang()),
            Some(language)
        );
    }
}

#[test]
fn long_texts_are_read_from_the_start() {
    let text = "Buongiorno, la stampante non funziona più da ieri. ".repeat(500);
    assert!(own_words(&text).len() <= MAX_BYTES);
    check(&text, None, Some("it"));
    let multibyte = "è".repeat(5000);
    assert!(own_words(&multibyte).len() <= MAX_BYTES);
}
