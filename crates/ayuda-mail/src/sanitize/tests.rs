//! Sanitising hostile and ordinary email HTML, truncation, and the text fallback.

use super::*;

#[track_caller]
fn check(html: &str, expected: &str) {
    let sanitized = sanitize_html(html, &HtmlPolicy::default());
    assert_eq!(sanitized.html, expected, "{html}");
}

#[test]
fn nothing_runs() {
    check("<p>Hola<script>alert(1)</script></p>", "<p>Hola</p>");
    check("<style>body{display:none}</style><p>x</p>", "<p>x</p>");
    check(
        "<p onclick=\"steal()\" onmouseover=\"x()\">Hola</p>",
        "<p>Hola</p>",
    );
    check(
        "<a href=\"javascript:alert(1)\">clic</a>",
        "<a target=\"_blank\" rel=\"noopener noreferrer nofollow\">clic</a>",
    );
    check(
        "<a href=\"JaVaScRiPt:alert(1)\">clic</a>",
        "<a target=\"_blank\" rel=\"noopener noreferrer nofollow\">clic</a>",
    );
    check(
        "<form action=\"https://evil.example\"><input name=\"pw\"><button>OK</button></form>",
        "OK",
    );
    check(
        "<iframe src=\"https://evil.example\"></iframe>after",
        "after",
    );
    check(
        "<object data=\"x.swf\"></object><embed src=\"x.swf\">after",
        "after",
    );
    check(
        "<img src=\"data:image/svg+xml;base64,PHN2Zz4=\" alt=\"x\">",
        "<img alt=\"x\">",
    );
    check("<svg><script>alert(1)</script></svg>ok", "ok");
    check(
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">ok",
        "ok",
    );
    check("<!-- <script>alert(1)</script> -->ok", "ok");
}

#[test]
fn links_open_in_a_new_tab_without_referrer() {
    check(
        "<a href=\"https://acme.example/pedido?id=4\" target=\"_self\">pedido</a>",
        "<a href=\"https://acme.example/pedido?id=4\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">pedido</a>",
    );
    check(
        "<a href=\"mailto:ana@example.com\">Ana</a>",
        "<a href=\"mailto:ana@example.com\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">Ana</a>",
    );
    // Dropping the href reorders the attributes (ammonia removes by swapping).
    check(
        "<a href=\"/admin/delete?all=1\">relativo</a>",
        "<a rel=\"noopener noreferrer nofollow\" target=\"_blank\">relativo</a>",
    );
    check(
        "<a href=\"ftp://x.example/f\">ftp</a>",
        "<a target=\"_blank\" rel=\"noopener noreferrer nofollow\">ftp</a>",
    );
}

#[test]
fn remote_content_is_blocked_and_counted() {
    let html = "<p>Hola</p><img src=\"https://tracker.example/pixel.gif\" width=\"1\"><img src=\"http://x.example/a.png\"><img src=\"//x.example/b.png\"><table background=\"https://x.example/bg.png\"><tr><td>celda</td></tr></table>";
    let sanitized = sanitize_html(html, &HtmlPolicy::default());
    assert_eq!(sanitized.blocked_remote, 4, "{}", sanitized.html);
    assert!(!sanitized.html.contains("x.example"), "{}", sanitized.html);
    assert!(!sanitized.html.contains("tracker"), "{}", sanitized.html);
    assert!(sanitized.html.contains("celda"));
    assert!(!sanitized.truncated);

    let allowed = sanitize_html(
        html,
        &HtmlPolicy {
            allow_remote_images: true,
            ..HtmlPolicy::default()
        },
    );
    assert_eq!(allowed.blocked_remote, 1, "protocol-relative stays blocked");
    assert!(
        allowed
            .html
            .contains("src=\"https://tracker.example/pixel.gif\"")
    );
    assert!(
        allowed
            .html
            .contains("background=\"https://x.example/bg.png\"")
    );
}

#[test]
fn inline_images_are_kept_or_rewritten() {
    check(
        "<img src=\"cid:img1@x\" alt=\"foto\">",
        "<img src=\"cid:img1@x\" alt=\"foto\">",
    );
    let policy = HtmlPolicy {
        cid_urls: HashMap::from([("img1@x".to_owned(), "/api/attachments/77".to_owned())]),
        ..HtmlPolicy::default()
    };
    let sanitized = sanitize_html(
        "<img src=\"cid:img1@x\"><img src=\"CID:img1%40x\"><img src=\"cid:other@x\">",
        &policy,
    );
    assert_eq!(
        sanitized.html,
        "<img src=\"/api/attachments/77\"><img src=\"/api/attachments/77\"><img src=\"cid:other@x\">"
    );
    assert_eq!(sanitized.blocked_remote, 0);
    check(
        "<a href=\"cid:img1@x\">x</a>",
        "<a rel=\"noopener noreferrer nofollow\" target=\"_blank\">x</a>",
    );
}

#[test]
fn styles_are_filtered_to_harmless_properties() {
    check(
        "<p style=\"color: red; background-image: url(https://t.example/p.gif); position: fixed; font-weight: bold\">x</p>",
        "<p style=\"color:red;font-weight:bold\">x</p>",
    );
    check(
        "<table><tr><td style=\"background: url(https://t.example/p.gif)\">x</td></tr></table>",
        "<table><tbody><tr><td style=\"\">x</td></tr></tbody></table>",
    );
    check(
        "<table width=\"600\" cellpadding=\"0\" bgcolor=\"#ffffff\"><tr><td valign=\"top\">x</td></tr></table>",
        "<table width=\"600\" cellpadding=\"0\" bgcolor=\"#ffffff\"><tbody><tr><td valign=\"top\">x</td></tr></tbody></table>",
    );
}

#[test]
fn text_and_ordinary_markup_are_kept() {
    check(
        "<p>Buongiorno, <b>perché</b> la stampante&nbsp;non stampa? 3 &lt; 4</p><ul><li>uno</li></ul><blockquote>citado</blockquote>",
        "<p>Buongiorno, <b>perché</b> la stampante&nbsp;non stampa? 3 &lt; 4</p><ul><li>uno</li></ul><blockquote>citado</blockquote>",
    );
    check("solo texto", "solo texto");
    check("", "");
}

#[test]
fn long_input_is_cut_outside_tags() {
    let policy = HtmlPolicy {
        max_bytes: 50,
        ..HtmlPolicy::default()
    };
    // The cut falls inside the second <img …> tag: it is dropped whole, and the open <p> is closed.
    let html = "<p>Señal débil <b>hoy</b><img src=\"cid:a\"><img src=\"cid:b\"> y más texto</p>";
    let sanitized = sanitize_html(html, &policy);
    assert!(sanitized.truncated);
    assert_eq!(
        sanitized.html,
        "<p>Señal débil <b>hoy</b><img src=\"cid:a\"></p>"
    );

    // A cut inside a multi-byte character backs off to the character's start.
    let sanitized = sanitize_html(
        "ñññ",
        &HtmlPolicy {
            max_bytes: 3,
            ..HtmlPolicy::default()
        },
    );
    assert_eq!((sanitized.html.as_str(), sanitized.truncated), ("ñ", true));

    let exact = sanitize_html(
        "<p>x</p>",
        &HtmlPolicy {
            max_bytes: 8,
            ..HtmlPolicy::default()
        },
    );
    assert!(!exact.truncated);
    assert_eq!(HtmlPolicy::default().max_bytes, 1 << 20);
}

#[track_caller]
fn check_text(html: &str, expected: &str) {
    assert_eq!(html_to_text(html), expected, "{html}");
}

#[test]
fn html_only_messages_get_a_text_version() {
    check_text(
        "<p>Hola Ana:</p><p>¿Le llegó el repuesto?</p>",
        "Hola Ana:\n\n¿Le llegó el repuesto?",
    );
    check_text(
        "<div>Sí, gracias.</div><blockquote><p>¿Le llegó?</p></blockquote>",
        "Sí, gracias.\n\n> ¿Le llegó?",
    );
    check_text("<ul><li>uno</li><li>dos</li></ul>", "* uno\n* dos");
    check_text(
        "<p>Hola<script>alert(1)</script><style>p{}</style></p>",
        "Hola",
    );
    check_text("", "");
    let link = html_to_text("<p>Vea <a href=\"https://acme.example/p/4\">su pedido</a></p>");
    assert!(
        link.contains("su pedido") && link.contains("https://acme.example/p/4"),
        "{link}"
    );
    let long_line = "palabra ".repeat(200);
    assert_eq!(
        html_to_text(&format!("<p>{long_line}</p>")),
        long_line.trim(),
        "no wrapping"
    );
}
