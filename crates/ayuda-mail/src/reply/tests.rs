//! Data-driven cases for reply extraction: one sample per client, language and trap, written for Ayuda.

use super::{extract_reply, extract_reply_html, strip_quotes, strip_signature};

/// Checks the visible text of a plain-text reply without a known sender.
#[track_caller]
fn check(body: &str, expected: &str) {
    check_from(body, None, expected);
}

#[track_caller]
fn check_from(body: &str, sender: Option<&str>, expected: &str) {
    let reply = extract_reply(body, sender);
    assert_eq!(reply.visible, expected, "\n--- body ---\n{body}\n");
}

#[track_caller]
fn check_html(html: &str, expected: &str) {
    let text = extract_reply_html(html);
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        squeeze(&text),
        squeeze(expected),
        "\n--- text ---\n{text}\n"
    );
}

#[test]
fn english_attribution_over_a_quote() {
    check(
        "The printer works again, thank you.\n\nOn Mon, Mar 4, 2024 at 9:15 AM, Help Desk <help@acme.test> wrote:\n> Please restart it.\n> \n",
        "The printer works again, thank you.",
    );
}

#[test]
fn english_attribution_wrapped_over_three_lines() {
    check(
        "Done.\n\nOn Tue, Apr 2, 2024 at 10:01 AM, Support Team\n<support@acme.test>\nwrote:\n> Could you check?\n",
        "Done.",
    );
}

#[test]
fn spanish_attribution_and_iphone_signature() {
    check(
        "Ya funciona, gracias.\n\nEnviado desde mi iPhone\n\nEl 4 mar 2024, a las 9:15, Soporte <soporte@acme.test> escribió:\n\n> ¿Puede reiniciar el equipo?\n",
        "Ya funciona, gracias.",
    );
}

#[test]
fn spanish_attribution_wrapped_by_gmail() {
    check(
        "Perfecto.\n\nEl lun, 4 mar 2024 a las 9:15, Soporte (<soporte@acme.test>)\nescribió:\n\n> Hola\n>\n",
        "Perfecto.",
    );
}

#[test]
fn italian_il_giorno_attribution() {
    check(
        "Confermo la consegna.\n\nIl giorno lun 4 mar 2024 alle ore 09:15 Assistenza <assistenza@acme.test>\nha scritto:\n\n> Ci conferma la consegna?\n",
        "Confermo la consegna.",
    );
}

#[test]
fn italian_short_attribution_and_inviato_da() {
    check(
        "Va bene.\n\nInviato da iPhone\n\nIl 04/03/2024 09:15, Assistenza ha scritto:\n> Domani alle 10?\n",
        "Va bene.",
    );
}

#[test]
fn french_attribution_with_space_before_colon() {
    check(
        "C'est réglé, merci.\n\nLe lun. 4 mars 2024 à 09:15, Support <support@acme.test> a écrit :\n\n> Le problème persiste-t-il ?\n",
        "C'est réglé, merci.",
    );
}

#[test]
fn french_envoye_de_mon_iphone() {
    check(
        "Je rappelle demain.\n\nEnvoyé de mon iPhone\n",
        "Je rappelle demain.",
    );
}

#[test]
fn french_attribution_wrapped_before_its_closing_bracket() {
    check(
        "Merci.\n\nLe mer. 6 mars 2024 à 12:32, Support <support@acme.test\n> a écrit :\n\n> Bonjour\n",
        "Merci.",
    );
}

#[test]
fn attribution_several_blank_lines_above_its_quote() {
    check(
        "Works.\n\nOn Mar 4, 2024, at 9:15 AM, Help<help@acme.test> wrote:\n\n\n\n\n> Try again?\n",
        "Works.",
    );
}

#[test]
fn german_am_schrieb_attribution() {
    check(
        "Das Problem ist behoben.\n\nAm Mo., 4. März 2024 um 09:15 Uhr schrieb Kundendienst <\nkundendienst@acme.test>:\n\n> Besteht das Problem noch?\n",
        "Das Problem ist behoben.",
    );
}

#[test]
fn german_name_schrieb_am_attribution_and_phone_signature() {
    check(
        "Danke für die schnelle Hilfe.\n\nVon meinem iPhone gesendet\n\nKundendienst <kundendienst@acme.test> schrieb am 04.03.2024 09:15:\n> Bitte neu starten.\n",
        "Danke für die schnelle Hilfe.",
    );
}

#[test]
fn portuguese_em_escreveu_and_enviado_do_meu() {
    check(
        "Obrigado, resolvido.\n\nEnviado do meu iPhone\n\nEm 4 de mar. de 2024, à(s) 09:15, Suporte <suporte@acme.test> escreveu:\n\n> Pode confirmar?\n",
        "Obrigado, resolvido.",
    );
}

#[test]
fn gmail_date_first_header_without_a_verb() {
    check(
        "Sounds good.\n\n2024-03-04 9:15 GMT+01:00 Help Desk <help@acme.test>:\n\n> Shall we close the ticket?\n",
        "Sounds good.",
    );
}

#[test]
fn outlook_block_after_an_underline() {
    check(
        "I attached the invoice.\r\n\r\n________________________________\r\nFrom: Billing <billing@acme.test>\r\nSent: Monday, March 4, 2024 9:15 AM\r\nTo: Ana Pérez\r\nSubject: Invoice 1042\r\n\r\nPlease send the invoice.\r\n",
        "I attached the invoice.",
    );
}

#[test]
fn outlook_block_in_spanish_without_a_line() {
    check(
        "Adjunto la factura.\n\nDe: Facturación <facturacion@acme.test>\nEnviado el: lunes, 4 de marzo de 2024 9:15\nPara: Ana Pérez\nAsunto: Factura 1042\n\nEnvíe la factura, por favor.\n",
        "Adjunto la factura.",
    );
}

#[test]
fn outlook_block_in_italian_german_french_and_portuguese() {
    for (from, sent, to, subject) in [
        ("Da", "Inviato", "A", "Oggetto"),
        ("Von", "Gesendet", "An", "Betreff"),
        ("De", "Envoyé", "À", "Objet"),
        ("De", "Enviada em", "Para", "Assunto"),
    ] {
        let body = format!(
            "Risposta.\n\n{from}: Help <help@acme.test>\n{sent}: 4.3.2024 09:15\n{to}: Ana\n{subject}: Ticket\n\nTesto vecchio.\n"
        );
        check(&body, "Risposta.");
    }
}

#[test]
fn bold_outlook_block_from_a_rich_text_client() {
    check(
        "Here it is.\n\n ------------------------------\n\n*From:* Help Desk [mailto:help@acme.test]\n*Sent:* Monday, March 04, 2024 9:15 AM\n*To:* ana@example.test\n*Subject:* Your request\n\nHello Ana,\n",
        "Here it is.",
    );
}

#[test]
fn original_message_separators_in_six_languages() {
    for separator in [
        "-----Original Message-----",
        "-----Mensaje original-----",
        "-----Messaggio originale-----",
        "-----Message d'origine-----",
        "-----Ursprüngliche Nachricht-----",
        "-----Mensagem original-----",
        "----- Original Message -----",
    ] {
        let body = format!("New text.\n\n{separator}\nOld text.\n");
        check(&body, "New text.");
    }
}

#[test]
fn a_single_from_line_is_not_a_header_block() {
    check(
        "From: the warehouse\nThe parcel left today.\n\nCheck the tracking page.",
        "From: the warehouse\nThe parcel left today.\n\nCheck the tracking page.",
    );
}

#[test]
fn lists_that_look_like_headers_or_signatures_are_kept() {
    let itinerary = "Please change my ticket:\n\nDe: Madrid\nA: Barcelona\nFecha: 3 de marzo, 10:00\n\nGracias.";
    check(itinerary, itinerary);
    check(
        "My order:\n----------\nItem: blue kettle\nQuantity: 2\n",
        "My order:\n----------\nItem: blue kettle\nQuantity: 2",
    );
    check(
        "My order is late.\n\n----------\nAna Pérez\n+34 600 123 456\n",
        "My order is late.",
    );
}

#[test]
fn inline_answers_between_quotes_are_kept() {
    check(
        "See below.\n\nOn Mon, Mar 4, 2024 at 9:15 AM, Help <help@acme.test> wrote:\n> Which model?\n\nThe X200.\n\n> Since when?\n\nSince Friday.\n",
        "See below.\n\nOn Mon, Mar 4, 2024 at 9:15 AM, Help <help@acme.test> wrote:\n> Which model?\n\nThe X200.\n\n> Since when?\n\nSince Friday.",
    );
}

#[test]
fn a_trailing_quote_after_inline_answers_is_hidden() {
    check(
        "> Which model?\nThe X200.\n> Since when?\nSince Friday.\n> Thanks\n",
        "> Which model?\nThe X200.\n> Since when?\nSince Friday.",
    );
}

#[test]
fn bottom_posting_under_a_single_quote() {
    check(
        "On 04/03/2024 09:15, Help Desk wrote:\n> Is it fixed?\n\nYes, since this morning.\n",
        "Yes, since this morning.",
    );
}

#[test]
fn a_paragraph_starting_with_on_is_not_a_header() {
    check(
        "On Friday the app crashed twice.\n\nOn Monday it was fine.\n\nOn Mon, Mar 4, 2024, Help <help@acme.test> wrote:\n> Any news?\n",
        "On Friday the app crashed twice.\n\nOn Monday it was fine.",
    );
}

#[test]
fn a_forwarded_message_is_content() {
    check(
        "---------- Forwarded message ---------\nFrom: Courier <noreply@courier.test>\nDate: Mon, 4 Mar 2024\nSubject: Delivery failed\nTo: ana@example.test\n\nWe could not deliver parcel 88.\n",
        "---------- Forwarded message ---------\nFrom: Courier <noreply@courier.test>\nDate: Mon, 4 Mar 2024\nSubject: Delivery failed\nTo: ana@example.test\n\nWe could not deliver parcel 88.",
    );
    check(
        "Can you look at this?\n\nBegin forwarded message:\n\nFrom: Courier <noreply@courier.test>\nDate: 4 March 2024\nTo: Ana\nSubject: Delivery failed\n\nParcel 88 is lost.\n",
        "Can you look at this?\n\nBegin forwarded message:\n\nFrom: Courier <noreply@courier.test>\nDate: 4 March 2024\nTo: Ana\nSubject: Delivery failed\n\nParcel 88 is lost.",
    );
}

#[test]
fn signatures_of_clients_and_delimiters() {
    check("Fine by me.\n\n-- \nAna Pérez\nAcme Ltd.\n", "Fine by me.");
    check("Fine by me.\n--\nAna\n", "Fine by me.");
    check("Fine by me.\n\nGet Outlook for Android\n", "Fine by me.");
    check("Fine by me.\n\nSent from Mail for Windows\n", "Fine by me.");
    check("Fine by me.\n\nSent from my Galaxy Tab\n", "Fine by me.");
    check(
        "Fine by me.\n\nSent from my laptop, which finally works.",
        "Fine by me.\n\nSent from my laptop, which finally works.",
    );
    check(
        "Use the left port -- not the right one.\n\nThanks",
        "Use the left port -- not the right one.\n\nThanks",
    );
}

#[test]
fn closing_words_and_a_name_are_a_signature() {
    check(
        "The form is attached.\n\nCordiali saluti,\nMarco Rossi\nUfficio acquisti\n",
        "The form is attached.",
    );
    check(
        "Is it possible?\n\nThanks, and what about the other order?\nAna",
        "Is it possible?\n\nThanks, and what about the other order?\nAna",
    );
}

#[test]
fn the_sender_names_their_signature() {
    check_from(
        "Please call me back.\n\nAna Pérez | Head of Sales\nAcme Ltd.\n",
        Some("Ana Pérez <ana@acme.test>"),
        "Please call me back.",
    );
    check_from(
        "Hi,\n\nMy name is Ana Pérez and I have a question.\n\nWhere is my order?",
        Some("Ana Pérez"),
        "Hi,\n\nMy name is Ana Pérez and I have a question.\n\nWhere is my order?",
    );
}

#[test]
fn a_message_is_never_hidden() {
    check(
        "> only a quote\n> nothing else\n",
        "> only a quote\n> nothing else",
    );
    check("-- \nAna Pérez\n", "--\nAna Pérez");
    check(
        "From: Ana\nSent: today\nTo: Help\nSubject: Hi\n",
        "From: Ana\nSent: today\nTo: Help\nSubject: Hi",
    );
    check("Sent from my iPhone", "Sent from my iPhone");
    check("", "");
    check("\n \r\n", "");
}

#[test]
fn crlf_and_cr_line_endings() {
    check(
        "Yes.\r\n\r\nOn Mon, Mar 4, 2024, Help <h@acme.test> wrote:\r\n> Ok?\r\n",
        "Yes.",
    );
    check(
        "Yes.\r\rOn Mon, Mar 4, 2024, Help <h@acme.test> wrote:\r> Ok?\r",
        "Yes.",
    );
}

#[test]
fn the_parts_are_reported() {
    let reply = extract_reply(
        "Yes.\n\n-- \nAna\n\nOn Mon, Mar 4, 2024, Help <h@acme.test> wrote:\n> Ok?\n",
        None,
    );
    assert_eq!(reply.visible, "Yes.");
    assert!(reply.quoted);
    assert_eq!(reply.signature.as_deref(), Some("--\nAna"));
    assert_eq!(
        strip_quotes("Yes.\n\n-- \nAna\n\nOn Mon, Mar 4, 2024, Help <h@acme.test> wrote:\n> Ok?\n"),
        "Yes.\n\n--\nAna"
    );
    assert_eq!(strip_signature("Yes.\n\nSent from my iPad"), "Yes.");
    let plain = extract_reply("Just text.", None);
    assert!(!plain.quoted && plain.signature.is_none());
}

#[test]
fn html_gmail_quote() {
    check_html(
        r#"<div dir="ltr">It works now.<br><br>Ana</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Mar 4, 2024 at 9:15 AM Help &lt;<a href="mailto:h@acme.test">h@acme.test</a>&gt; wrote:<br></div><blockquote class="gmail_quote">Does it work?</blockquote></div>"#,
        "It works now.\n\nAna",
    );
}

#[test]
fn html_outlook_reply_header() {
    check_html(
        r#"<div>Invoice attached.</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><b>From:</b> Billing<br><b>Sent:</b> Monday<br><b>To:</b> Ana<br><b>Subject:</b> Invoice</div><div>Send it please.</div>"#,
        "Invoice attached.",
    );
    check_html(
        r#"<p>Invoice attached.</p><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p><b>De:</b> Facturación<br><b>Enviado el:</b> lunes<br><b>Para:</b> Ana</p></div><p>Envíela.</p>"#,
        "Invoice attached.",
    );
}

#[test]
fn html_apple_yahoo_and_thunderbird_quotes() {
    check_html(
        r#"<div>Yes.</div><div><br><blockquote type="cite"><div>On 4 Mar 2024, at 09:15, Help wrote:</div><div>Ok?</div></blockquote></div>"#,
        "Yes.",
    );
    check_html(
        r#"<div>Yes.</div><div class="yahoo_quoted"><div>On Monday, March 4, 2024, Help wrote:</div><div>Ok?</div></div>"#,
        "Yes.",
    );
    check_html(
        r#"<body>Yes.<br><div class="moz-cite-prefix">On 04/03/2024 09:15, Help wrote:<br></div><blockquote type="cite">Ok?</blockquote></body>"#,
        "Yes.",
    );
}

#[test]
fn html_marked_history_goes_even_without_a_header() {
    check_html(
        r#"<div>Yes.</div><div class="gmail_quote"><div>Old text, no header at all.</div></div>"#,
        "Yes.",
    );
    check_html(
        r#"<p>Yes.</p><div id="divRplyFwdMsg"><p>Old text.</p></div>"#,
        "Yes.",
    );
    check_html(
        r#"<div class="gmail_quote">Only old text</div>"#,
        "Only old text",
    );
    check_html(
        r#"<p>Yes.</p><div style="border-top:solid 1px">A boxed note, not a header.</div>"#,
        "Yes. A boxed note, not a header.",
    );
}

#[test]
fn html_forward_and_quote_only_messages_are_kept() {
    check_html(
        r#"<div class="gmail_quote"><div class="gmail_attr">---------- Forwarded message ---------<br>From: Courier</div><div>Parcel 88 is lost.</div></div>"#,
        "---------- Forwarded message --------- From: Courier Parcel 88 is lost.",
    );
    check_html("<blockquote>Only a quote</blockquote>", "> Only a quote");
}

#[test]
fn a_megabyte_of_quote_like_lines_is_linear() {
    let mut body = String::from("Top.\n");
    let samples = [
        "On Mon, Mar 4, 2024, Help <h@acme.test> wrote:\n",
        "> quoted\n",
        "From: x\n",
        "-- \n",
        "Thanks,\n",
        "\n",
        "Sent from my iPhone\n",
        "Le lundi 4 mars, Help a écrit :\n",
    ];
    let mut i = 0;
    while body.len() < 1_000_000 {
        body.push_str(samples[i % samples.len()]);
        i += 1;
    }
    let reply = extract_reply(&body, Some("Help <h@acme.test>"));
    assert!(!reply.visible.is_empty());
    let html = format!("<div>{}</div>", body.replace('\n', "<br>"));
    assert!(!extract_reply_html(&html).is_empty());
    let only_quotes = "> a\n".repeat(250_000);
    assert!(!strip_quotes(&only_quotes).is_empty());
    let only_delimiters = "--\n".repeat(300_000);
    assert!(!strip_signature(&only_delimiters).is_empty());
    let siblings = r#"<div class="gmail_quote">a</div>"#.repeat(30_000);
    assert!(!extract_reply_html(&siblings).is_empty());
    for nested in [
        "<blockquote>".repeat(50_000),
        r#"<div class="gmail_quote">a"#.repeat(40_000),
        "<div style='border-top:solid'>From: x<br>".repeat(25_000),
    ] {
        assert!(!extract_reply_html(&nested).is_empty() || !nested.contains('a'));
    }
}
