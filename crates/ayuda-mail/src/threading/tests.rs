//! Signed Message-IDs and reply addresses (round trips, tampering, wrong keys) and subject tokens.

use super::*;

fn key() -> ThreadKey {
    ThreadKey::from_bytes([7; 32])
}

fn other_key() -> ThreadKey {
    ThreadKey::from_bytes([8; 32])
}

const UUID: &str = "0192f3a4-5b6c-7d8e-9f00-112233445566";

#[test]
fn debug_does_not_print_the_secret() {
    let debug = format!("{:?}", ThreadKey::from_bytes([0xab; 32]));
    assert_eq!(debug, "ThreadKey(<redacted>)");
    assert!(!debug.contains("171"), "171 is 0xab in decimal");
}

#[test]
fn message_id_has_the_documented_shape_and_reads_back() {
    let id = outbound_message_id(&key(), 1042, "Ana@Example.com", UUID, "ayuda.example");
    let (left, domain) = id.split_once('@').unwrap();
    assert_eq!(domain, "ayuda.example");
    let parts: Vec<&str> = left.split('.').collect();
    assert_eq!(parts[..3], ["ayuda", "t1042", UUID]);
    assert_eq!(parts[3].len(), 8, "recipient tag");
    assert_eq!(parts[4].len(), 16, "signature");
    assert!(!id.contains(['<', '>', ' ']));

    let reference = ticket_reference(&key(), &id).unwrap();
    assert_eq!(reference.ticket_number, 1042);
    assert_eq!(
        reference.recipient_tag,
        recipient_tag(&key(), "ana@example.com")
    );
    assert!(reference.sent_to(&key(), "ana@example.com"));
    assert!(
        reference.sent_to(&key(), " ANA@example.COM "),
        "addresses compare case-insensitively"
    );
    assert!(!reference.sent_to(&key(), "luca@example.it"));
    assert!(!reference.sent_to(&other_key(), "ana@example.com"));

    // In a References header it comes back in angle brackets, maybe uppercased by some system on the way.
    let bracketed = format!("<{}>", id.to_ascii_uppercase());
    assert_eq!(ticket_reference(&key(), &bracketed), Some(reference));
}

#[test]
fn unique_parts_are_cleaned_before_signing() {
    let id = outbound_message_id(&key(), 7, "x", "Ab C<d>@e.f.", "@ayuda.example");
    assert!(id.starts_with("ayuda.t7.ab-c-d--e.f."), "{id}");
    assert!(id.ends_with("@ayuda.example"), "{id}");
    assert_eq!(ticket_reference(&key(), &id).unwrap().ticket_number, 7);
}

#[test]
fn tampered_or_foreign_message_ids_are_refused() {
    let id = outbound_message_id(&key(), 1042, "ana@example.com", UUID, "ayuda.example");
    let (left, domain) = id.split_once('@').unwrap();
    let parts: Vec<&str> = left.split('.').collect();
    let (tag, signature) = (parts[3], parts[4]);
    let other_tag = recipient_tag(&key(), "eve@example.com");
    let flipped = {
        let mut s = signature.to_owned();
        let last = if s.ends_with('a') { "b" } else { "a" };
        s.replace_range(15.., last);
        s
    };
    let cases = [
        // Another ticket number under the same signature.
        format!("ayuda.t1043.{UUID}.{tag}.{signature}@{domain}"),
        // Another message's unique part.
        format!("ayuda.t1042.0192f3a4-0000-7d8e-9f00-112233445566.{tag}.{signature}@{domain}"),
        // Another recipient's tag.
        format!("ayuda.t1042.{UUID}.{other_tag}.{signature}@{domain}"),
        // One character of the signature.
        format!("ayuda.t1042.{UUID}.{tag}.{flipped}@{domain}"),
        // A shortened signature, a missing one, a non-canonical number.
        format!("ayuda.t1042.{UUID}.{tag}.{}@{domain}", &signature[..15]),
        format!("ayuda.t1042.{UUID}.{tag}@{domain}"),
        format!("ayuda.t01042.{UUID}.{tag}.{signature}@{domain}"),
        format!("ayuda.t+1042.{UUID}.{tag}.{signature}@{domain}"),
        // Not ours at all.
        "CAHk1234567@mail.gmail.com".to_owned(),
        "ayuda.t1042@ayuda.example".to_owned(),
        String::new(),
    ];
    for case in &cases {
        assert_eq!(ticket_reference(&key(), case), None, "{case}");
    }
    assert_eq!(ticket_reference(&other_key(), &id), None, "another key");
    // The domain is not signed: renaming the mail domain keeps old threads.
    let renamed = format!("{left}@help.acme.example");
    assert_eq!(
        ticket_reference(&key(), &renamed).unwrap().ticket_number,
        1042
    );
}

#[test]
fn reply_addresses_round_trip_case_insensitively() {
    let address = reply_address(&key(), "Support@Acme.example", 1042);
    assert!(address.starts_with("support+t1042-"), "{address}");
    assert!(address.ends_with("@acme.example"), "{address}");
    assert_eq!(
        address.split_once('@').unwrap().0.len(),
        "support+t1042-".len() + 16
    );
    for variant in [
        address.clone(),
        address.to_ascii_uppercase(),
        format!("<{address}>"),
        format!("  {}  ", address.replace("support", "SuPpOrT")),
    ] {
        assert_eq!(
            ticket_from_address(&key(), &variant),
            Some(1042),
            "{variant}"
        );
    }
    let subaddressed = reply_address(&key(), "support+es@acme.example", 9);
    assert!(subaddressed.starts_with("support+es+t9-"), "{subaddressed}");
    assert_eq!(ticket_from_address(&key(), &subaddressed), Some(9));
}

#[test]
fn forged_reply_addresses_are_refused() {
    let address = reply_address(&key(), "support@acme.example", 1042);
    let signature = address
        .split_once('-')
        .unwrap()
        .1
        .split_once('@')
        .unwrap()
        .0;
    let cases = [
        format!("support+t1043-{signature}@acme.example"),
        format!("ventas+t1042-{signature}@acme.example"),
        format!("support+t1042-{signature}@other.example"),
        format!("support+t1042-{}@acme.example", &signature[..12]),
        "support+t1042@acme.example".to_owned(),
        "support@acme.example".to_owned(),
        "ana@example.com".to_owned(),
        "not an address".to_owned(),
    ];
    for case in &cases {
        assert_eq!(ticket_from_address(&key(), case), None, "{case}");
    }
    assert_eq!(
        ticket_from_address(&other_key(), &address),
        None,
        "another key"
    );
    let message_id = outbound_message_id(&key(), 1042, "a@b.c", "u", "acme.example");
    assert_eq!(
        ticket_from_address(&key(), &message_id),
        None,
        "a Message-ID is no reply address"
    );
}

#[track_caller]
fn check_number(subject: &str, expected: Option<u64>) {
    assert_eq!(subject_ticket_number(subject), expected, "{subject:?}");
}

#[test]
fn subject_tokens_are_found_behind_prefixes_in_many_languages() {
    check_number("[#1042] Pedido roto", Some(1042));
    check_number("Re: [#1042] Pedido roto", Some(1042));
    check_number("RE: RE: [#1042] Pedido roto", Some(1042));
    check_number("R: [#1042] La stampante non funziona", Some(1042));
    check_number("RV: [#1042] Pedido roto", Some(1042));
    check_number("AW: WG: [#1042] Drucker defekt", Some(1042));
    check_number("Fwd: Re: [#1042] Printer", Some(1042));
    check_number("AW: [EXTERN] [#1042] Drucker defekt", Some(1042));
    check_number("Re: [#1042] mentions [#7] later", Some(1042));
    check_number("Re: Pedido [#] roto [#abc] [#5]", Some(5));
    check_number("Re: Pedido nº 1042", None);
    check_number("Ticket #1042", None);
    check_number("[#99999999999999999999999]", None);
    check_number("", None);
}

#[track_caller]
fn check_strip(subject: &str, expected: &str) {
    assert_eq!(strip_reply_prefixes(subject), expected, "{subject:?}");
}

#[test]
fn reply_prefixes_are_stripped() {
    check_strip("Re: Fwd: RV: R: AW: Pedido", "Pedido");
    check_strip("RE : Re[2]: re(3): Facture", "Facture");
    check_strip("Rif: I: Ordine", "Ordine");
    check_strip("SV: Tilaus", "Tilaus");
    check_strip("Re：注文", "注文");
    check_strip("Resumen de pedido", "Resumen de pedido");
    check_strip("I need help", "I need help");
    check_strip("Re[x]: odd", "Re[x]: odd");
    check_strip("Re:", "");
}

#[track_caller]
fn check_token(subject: &str, number: u64, expected: &str) {
    assert_eq!(subject_with_token(subject, number), expected, "{subject:?}");
}

#[test]
fn the_token_is_added_once_after_the_prefixes() {
    check_token("Pedido roto", 1042, "[#1042] Pedido roto");
    check_token("Re: Pedido roto", 1042, "Re: [#1042] Pedido roto");
    check_token("Re: AW: Drucker", 1042, "Re: AW: [#1042] Drucker");
    check_token("Re: [#1042] Pedido roto", 1042, "Re: [#1042] Pedido roto");
    check_token("[#1042] Pedido roto", 1042, "[#1042] Pedido roto");
    check_token("[#7] Otro", 1042, "[#1042] [#7] Otro");
    check_token("", 1042, "[#1042]");
    check_token("Re:", 1042, "Re: [#1042]");
    assert_eq!(
        subject_ticket_number(&subject_with_token("Perché?", 3)),
        Some(3)
    );
}

#[test]
fn base32_round_trips_and_rejects_other_alphabets() {
    let bytes = [0u8, 1, 2, 250, 255, 9, 8, 7, 6, 5];
    let text = base32_encode(&bytes);
    assert_eq!(text.len(), 16);
    assert_eq!(base32_decode::<10>(&text), Some(bytes));
    assert_eq!(base32_encode(&[0; 5]), "aaaaaaaa");
    assert_eq!(base32_encode(&[255; 5]), "77777777");
    assert_eq!(
        base32_decode::<5>("aaaaaaa1"),
        None,
        "1 is not in the alphabet"
    );
    assert_eq!(
        base32_decode::<5>("AAAAAAAA"),
        None,
        "callers lowercase first"
    );
    assert_eq!(base32_decode::<5>("aaaa"), None);
}
