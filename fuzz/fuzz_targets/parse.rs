//! Fuzz target: the pure half of the intake on arbitrary bytes. Parsing, reply extraction, HTML
//! sanitising and text conversion, language detection and threading-token reading must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &[u8]| {
    let key = ayuda_mail::ThreadKey::from_bytes([7; 32]);
    let Ok(email) = ayuda_mail::parse(raw) else {
        return;
    };
    let text = email.text.clone().unwrap_or_default();
    let _ = ayuda_mail::extract_reply(&text, email.from.as_ref().map(|f| f.address.as_str()));
    let _ = ayuda_mail::detect_language(&text, email.content_language.as_deref());
    if let Some(html) = &email.html {
        let _ = ayuda_mail::sanitize_html(html, &ayuda_mail::HtmlPolicy::default());
        let _ = ayuda_mail::html_to_text(html);
        let _ = ayuda_mail::extract_reply_html(html);
    }
    let _ = ayuda_mail::subject_ticket_number(&email.subject);
    for id in email.in_reply_to.iter().chain(&email.references) {
        let _ = ayuda_mail::ticket_reference(&key, id);
    }
    for to in email.to.iter().chain(&email.cc) {
        let _ = ayuda_mail::ticket_from_address(&key, &to.address);
    }
});
