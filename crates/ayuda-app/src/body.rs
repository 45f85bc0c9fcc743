//! Message bodies: sanitising HTML and deriving the plain text every message carries.

use ayuda_core::{FieldError, Invalid};

/// The largest body accepted, in bytes, for text and HTML each.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// A message body ready to store: plain text always, sanitised HTML when HTML was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub text: String,
    pub html: Option<String>,
}

/// Builds a body from what the client sent. HTML is sanitised with an allowlist (no scripts, no event
/// handlers, no `javascript:` links); when only HTML is given the text is derived from it.
pub fn parse_body(field: &str, text: Option<&str>, html: Option<&str>) -> Result<Body, Invalid> {
    let too_long =
        |name: &str| FieldError::new(name, format!("must be at most {} bytes", MAX_BODY_BYTES));
    let html_field = format!("{field}_html");
    if text.is_some_and(|t| t.len() > MAX_BODY_BYTES) {
        return Err(too_long(field).into());
    }
    if html.is_some_and(|h| h.len() > MAX_BODY_BYTES) {
        return Err(too_long(&html_field).into());
    }
    let html = html.filter(|h| !h.trim().is_empty()).map(ammonia::clean);
    let text = match text.filter(|t| !t.trim().is_empty()) {
        Some(text) => text.replace("\r\n", "\n"),
        None => match &html {
            Some(html) => html2text::from_read(html.as_bytes(), 100)
                .unwrap_or_default()
                .trim_end()
                .to_owned(),
            None => String::new(),
        },
    };
    if text.trim().is_empty() {
        return Err(Invalid::one(field, "must not be empty"));
    }
    Ok(Body { text, html })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_sanitised_and_text_derived() {
        let body = parse_body("body", None, Some(r#"<p onclick="x()">Hola <b>Ana</b><script>alert(1)</script></p><a href="javascript:x">x</a>"#)).unwrap();
        let html = body.html.unwrap();
        assert!(
            !html.contains("script") && !html.contains("onclick") && !html.contains("javascript"),
            "{html}"
        );
        assert!(html.contains("<b>Ana</b>"));
        assert!(
            body.text.contains("Hola") && body.text.contains("Ana"),
            "{}",
            body.text
        );
    }

    #[test]
    fn an_empty_body_is_refused() {
        assert_eq!(
            parse_body("body", Some("  "), None).unwrap_err().0[0].field,
            "body"
        );
        assert!(parse_body("body", None, Some("<p> </p>")).is_err());
        assert_eq!(
            parse_body("body", Some("a\r\nb"), None).unwrap().text,
            "a\nb"
        );
    }
}
