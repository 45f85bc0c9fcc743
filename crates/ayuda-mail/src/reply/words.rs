//! The vocabulary of replies: the words mail clients of several languages write around quoted history and
//! signatures. Only lists and small predicates over one line live here; deciding what to hide is elsewhere.
//!
//! Everything is compared in lower case, so every entry is written in lower case.

/// Verbs of attribution lines ("On <date>, <name> wrote:"), as they appear before the final colon.
const ATTRIBUTION_VERBS: &[&str] = &[
    "wrote",
    "writes",
    "escribió",
    "escribio",
    "ha scritto",
    "scrisse",
    "a écrit",
    "a ecrit",
    "schrieb",
    "escreveu",
    "schreef",
    "skrev",
    "napisał",
    "napisała",
    "написал",
    "написала",
    "kirjoitti",
    "yazdı",
    "napsal",
    "scrie",
];

/// Words that open an attribution line whose date comes first ("On", "El", "Il giorno", "Le", "Am", "Em"...).
const ATTRIBUTION_OPENERS: &[&str] = &[
    "on", "el", "il", "le", "am", "em", "op", "den", "w", "dne", "în", "в",
];

/// Separators some clients put above the quoted message, without their dashes.
const ORIGINAL_MESSAGE: &[&str] = &[
    "original message",
    "mensaje original",
    "messaggio originale",
    "message d'origine",
    "message original",
    "ursprüngliche nachricht",
    "originalnachricht",
    "mensagem original",
    "oorspronkelijk bericht",
    "originalmeddelelse",
    "ursprungligt meddelande",
    "opprinnelig melding",
    "alkuperäinen viesti",
    "wiadomość oryginalna",
    "původní zpráva",
    "исходное сообщение",
    "reply message",
];

/// Lines that introduce a forwarded message, which is content and never hidden.
const FORWARD_MARKERS: &[&str] = &[
    "forwarded message",
    "begin forwarded message",
    "messaggio inoltrato",
    "inizio messaggio inoltrato",
    "mensaje reenviado",
    "mensagem encaminhada",
    "início da mensagem reencaminhada",
    "message transféré",
    "message réexpédié",
    "début du message réexpédié",
    "weitergeleitete nachricht",
    "anfang der weitergeleiteten nachricht",
    "doorgestuurd bericht",
    "videresendt meddelelse",
    "vidarebefordrat meddelande",
    "пересылаемое сообщение",
];

/// The kind of a header line in an Outlook-style block ("From: …", "Sent: …", "To: …", "Subject: …").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum HeaderKey {
    From,
    Date,
    To,
    Subject,
    Other,
}

const FROM_KEYS: &[&str] = &[
    "from",
    "de",
    "da",
    "von",
    "van",
    "fra",
    "från",
    "od",
    "от",
    "lähettäjä",
    "kimden",
    "发件人",
];
const DATE_KEYS: &[&str] = &[
    "sent",
    "date",
    "enviado",
    "enviada",
    "enviado el",
    "enviada em",
    "enviado em",
    "fecha",
    "inviato",
    "data",
    "gesendet",
    "datum",
    "envoyé",
    "envoyé le",
    "verzonden",
    "skickat",
    "sendt",
    "wysłano",
    "отправлено",
    "дата",
    "发送时间",
];
const TO_KEYS: &[&str] = &[
    "to",
    "para",
    "a",
    "an",
    "à",
    "aan",
    "till",
    "til",
    "do",
    "кому",
    "收件人",
    "cc",
    "cco",
    "bcc",
    "ccn",
    "kopie",
    "cci",
];
const SUBJECT_KEYS: &[&str] = &[
    "subject",
    "asunto",
    "oggetto",
    "betreff",
    "objet",
    "assunto",
    "onderwerp",
    "ämne",
    "emne",
    "temat",
    "тема",
    "aihe",
    "主题",
];
const OTHER_KEYS: &[&str] = &[
    "reply-to",
    "responder a",
    "rispondi a",
    "antwort an",
    "répondre à",
    "importance",
    "importancia",
    "priorità",
    "on behalf of",
];

/// Openings of the one-line signatures mobile and web clients append ("Sent from my iPhone").
const MOBILE_SIGNATURES: &[&str] = &[
    "sent from my ",
    "sent from mail for ",
    "sent from outlook",
    "sent from yahoo mail",
    "sent from aol",
    "sent from samsung",
    "sent from the ",
    "sent via ",
    "sent with ",
    "sent using ",
    "sent by ",
    "get outlook for ",
    "enviado desde mi ",
    "enviado desde ",
    "enviado do meu ",
    "enviado do ",
    "enviado a partir do ",
    "enviado de meu ",
    "enviado con ",
    "inviato da ",
    "inviato dal mio ",
    "inviato con ",
    "envoyé de mon ",
    "envoyé depuis ",
    "envoyé à partir de ",
    "envoyé avec ",
    "von meinem ",
    "gesendet von meinem ",
    "gesendet mit ",
    "gesendet von ",
    "verstuurd vanaf mijn ",
    "verzonden vanaf mijn ",
    "skickat från min ",
    "sendt fra min ",
    "wysłane z ",
    "отправлено с ",
    "scarica outlook per ",
    "obtener outlook para ",
    "télécharger outlook pour ",
    "outlook für ",
    "baixe o outlook para ",
];

/// Closing words that begin a signature when a name follows them ("Thanks,\nJohn").
const VALEDICTIONS: &[&str] = &[
    "thanks",
    "thank you",
    "many thanks",
    "thanks again",
    "thanks in advance",
    "thx",
    "regards",
    "best regards",
    "kind regards",
    "warm regards",
    "best",
    "all the best",
    "best wishes",
    "cheers",
    "sincerely",
    "yours sincerely",
    "yours truly",
    "saludos",
    "un saludo",
    "saludos cordiales",
    "muchas gracias",
    "gracias",
    "atentamente",
    "cordiali saluti",
    "distinti saluti",
    "saluti",
    "grazie",
    "grazie mille",
    "un saluto",
    "cordialement",
    "bien cordialement",
    "merci",
    "bien à vous",
    "mit freundlichen grüßen",
    "mit freundlichen grüssen",
    "freundliche grüße",
    "viele grüße",
    "beste grüße",
    "liebe grüße",
    "grüße",
    "gruß",
    "danke",
    "lg",
    "mfg",
    "vg",
    "atenciosamente",
    "obrigado",
    "obrigada",
    "abraços",
    "cumprimentos",
    "met vriendelijke groet",
    "groeten",
];

/// The line without surrounding whitespace and the `*` or `_` that rich-text clients turn bold into.
fn bare(line: &str) -> &str {
    line.trim()
        .trim_matches(|c: char| c == '*' || c == '_')
        .trim()
}

/// Whether `text` (already lower case) holds `word` with no letter touching it on the left.
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Whether a line or a few joined lines read as an attribution: "On 3 May 2024, Ana <a@b.c> wrote:",
/// "El 3 may 2024, Ana escribió:", "Il giorno … ha scritto:", "Le … a écrit :", "Am … schrieb Ana:",
/// "Ana schrieb am …:", "Em … escreveu:". `lines` is how many lines were joined.
pub(super) fn is_attribution(joined: &str, first_line: &str, lines: usize) -> bool {
    let text = joined.trim();
    if text.len() > 400 || !text.ends_with(':') {
        return false;
    }
    let lower = text.to_lowercase();
    if !ATTRIBUTION_VERBS.iter().any(|verb| has_word(&lower, verb)) {
        return false;
    }
    let first = first_line.trim().to_lowercase();
    lines == 1
        || first.starts_with(|c: char| c.is_ascii_digit())
        || first.contains('@')
        || starts_with_opener(&first)
}

/// Whether an attribution carries a date or an address, so that it introduces history even when the history
/// below it is not `>`-quoted.
pub(super) fn is_strong_attribution(joined: &str) -> bool {
    joined.contains('@') || joined.chars().any(|c| c.is_ascii_digit())
}

/// Whether the first of a few joined lines ending in a colon, just above a quoted block, reads as its
/// header even without a known verb: Gmail's "2017-12-22 10:35 GMT-02:00 Ana <a@b.c>:", or another locale's
/// "15. marts 2017 kl. 11.00 skrev …:".
pub(super) fn is_loose_attribution(joined: &str, first_line: &str, lines: usize) -> bool {
    let text = joined.trim();
    if text.len() > 400 || !text.ends_with(':') || !is_strong_attribution(text) {
        return false;
    }
    let first = first_line.trim().to_lowercase();
    first.starts_with(|c: char| c.is_ascii_digit())
        || starts_with_opener(&first)
        || (lines == 1 && (text.contains('@') || text.len() <= 120))
}

fn starts_with_opener(lower: &str) -> bool {
    ATTRIBUTION_OPENERS.iter().any(|opener| {
        lower
            .strip_prefix(opener)
            .is_some_and(|rest| rest.starts_with(' '))
    })
}

/// Whether the line is a separator like "-----Original Message-----" or "----- Mensaje original -----".
pub(super) fn is_original_message(line: &str) -> bool {
    let trimmed = line.trim();
    if !trimmed.starts_with("--") && !trimmed.starts_with('[') {
        return false;
    }
    let inner = trimmed
        .trim_matches(|c: char| c == '-' || c == '[' || c == ']' || c.is_whitespace())
        .to_lowercase();
    ORIGINAL_MESSAGE.contains(&inner.as_str())
}

/// Whether the line introduces a forwarded message ("---------- Forwarded message ---------",
/// "Begin forwarded message:", "Inizio messaggio inoltrato:").
pub(super) fn is_forward_marker(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.len() > 100 {
        return false;
    }
    let inner = trimmed
        .trim_matches(|c: char| c == '-' || c == ':' || c == '*' || c.is_whitespace())
        .to_lowercase();
    FORWARD_MARKERS.contains(&inner.as_str())
}

/// The key of an Outlook-style header line ("From: Ana", "*Sent:* Monday", "Enviado el: lunes"), if it is
/// one.
pub(super) fn header_key(line: &str) -> Option<HeaderKey> {
    let trimmed = line.trim_start().trim_start_matches('*');
    let (key, _) = trimmed.split_once(':')?;
    let key = key.trim().trim_matches('*').trim();
    if key.is_empty() || key.len() > 24 {
        return None;
    }
    let key = key.to_lowercase();
    let key = key.as_str();
    if FROM_KEYS.contains(&key) {
        Some(HeaderKey::From)
    } else if DATE_KEYS.contains(&key) {
        Some(HeaderKey::Date)
    } else if TO_KEYS.contains(&key) {
        Some(HeaderKey::To)
    } else if SUBJECT_KEYS.contains(&key) {
        Some(HeaderKey::Subject)
    } else if OTHER_KEYS.contains(&key) {
        Some(HeaderKey::Other)
    } else {
        None
    }
}

/// Whether the line is a lone signature delimiter: "-- " by the standard, or a rule of dashes or underscores.
pub(super) fn is_signature_delimiter(line: &str) -> Delimiter {
    let trimmed = line.trim_end();
    if trimmed == "--" || trimmed == "—" {
        return Delimiter::Standard;
    }
    let rule = line.trim();
    if rule.chars().count() >= 2
        && (rule.chars().all(|c| c == '-') || rule.chars().all(|c| c == '_'))
    {
        return Delimiter::Rule;
    }
    Delimiter::None
}

/// What a line is as a signature delimiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Delimiter {
    /// `-- ` or `--`, the standard delimiter.
    Standard,
    /// A rule of dashes or underscores, which often but not always opens a signature.
    Rule,
    None,
}

/// Whether the line is a client's one-line signature like "Sent from my iPhone" or "Get Outlook for iOS",
/// and not a sentence that happens to begin the same way ("Sent from my desk, it is easier").
pub(super) fn is_mobile_signature(line: &str) -> bool {
    let text = bare(line);
    if text.is_empty() || text.chars().count() > 80 || text.contains([',', ';', '?', '!']) {
        return false;
    }
    let lower = text.to_lowercase();
    if lower.starts_with("von meinem ") && !lower.contains("gesendet") {
        return false;
    }
    MOBILE_SIGNATURES
        .iter()
        .any(|start| lower.starts_with(start))
        && lower.split_whitespace().count() <= 9
}

/// Whether the line is only a closing word like "Thanks," "Kind regards" or "Cordiali saluti".
pub(super) fn is_valediction(line: &str) -> bool {
    let text = bare(line).trim_end_matches([',', '.', '!', ' ']);
    if text.is_empty() || text.len() > 40 {
        return false;
    }
    let lower = text.to_lowercase();
    VALEDICTIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_recognised_in_their_lines() {
        assert!(is_original_message("-----Original Message-----"));
        assert!(is_original_message("  ----- Mensaje original -----"));
        assert!(!is_original_message("original message"));
        assert!(is_forward_marker("---------- Forwarded message ---------"));
        assert!(is_forward_marker("Begin forwarded message:"));
        assert_eq!(header_key("*From:* Ana"), Some(HeaderKey::From));
        assert_eq!(header_key("Enviado el: lunes"), Some(HeaderKey::Date));
        assert_eq!(header_key("Hello: there"), None);
        assert!(is_mobile_signature("Sent from my iPhone"));
        assert!(!is_mobile_signature("Sent from my desk, is much easier"));
        assert!(is_valediction("Kind regards,"));
        assert!(!is_valediction("Thanks for the quick answer"));
        assert!(is_attribution(
            "On Mon, 2 May 2022, Ana wrote:",
            "On Mon",
            2
        ));
        assert!(!is_attribution("Hello On Mon, Ana wrote:", "Hello", 2));
        assert_eq!(is_signature_delimiter("-- "), Delimiter::Standard);
        assert_eq!(is_signature_delimiter("-----"), Delimiter::Rule);
        assert_eq!(is_signature_delimiter("-- Tim"), Delimiter::None);
    }
}
