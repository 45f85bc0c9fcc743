//! Making a message's HTML safe to show to an agent, and plain text out of HTML-only messages.
//!
//! [`sanitize_html`] keeps an allowlist (ammonia's, which is built on a real HTML5 parser) and decides what
//! email needs on top of it:
//!
//! - **Nothing runs.** Scripts and styles go with their content; event handlers, forms, iframes, objects
//!   and `javascript:` or `data:` URLs are dropped. Links may only be `http`, `https`, `mailto` and `tel`,
//!   and open in a new tab with `rel="noopener noreferrer nofollow"`.
//! - **Nothing loads by itself.** A remote image tells the sender that, when and from where the message was
//!   read (tracking pixels), so `http`/`https` image sources and `background` attributes are removed unless
//!   [`HtmlPolicy::allow_remote_images`] is set, and counted in [`SanitizedHtml::blocked_remote`] so the UI
//!   can offer "show images". Relative and protocol-relative URLs are dropped (in an email they would point
//!   at Ayuda itself). `cid:` images (parts of the same message) are kept, rewritten to the URL the caller
//!   serves them from when [`HtmlPolicy::cid_urls`] has one.
//! - **Inline styles stay, filtered.** Email HTML is laid out with `style` attributes, and dropping them
//!   makes many messages unreadable. Only properties that cannot fetch anything or escape the message's
//!   box are kept: no property that takes a `url()` (`background`, `background-image`, `list-style`,
//!   `border-image`, `content`, `cursor`…), no `position`, no `display`. `<style>` blocks are removed:
//!   they apply to the whole page, not only the message.
//! - **Bounded work.** Input over [`HtmlPolicy::max_bytes`] is cut before sanitising (never inside a tag)
//!   and [`SanitizedHtml::truncated`] is set; the parser closes what the cut left open.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use ammonia::{Builder, Url, UrlRelative};

/// How much of a message's HTML to keep, and what may load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlPolicy {
    /// Keep `http`/`https` images (the agent asked to see them).
    pub allow_remote_images: bool,
    /// Input beyond this many bytes is cut off before sanitising.
    pub max_bytes: usize,
    /// Content-ID (without angle brackets) → URL the caller serves that part from. `cid:` sources without
    /// an entry are kept as they are.
    pub cid_urls: HashMap<String, String>,
}

impl HtmlPolicy {
    /// 1 MiB: far beyond any written message; only generated reports and pasted logs are longer.
    pub const DEFAULT_MAX_BYTES: usize = 1 << 20;
}

impl Default for HtmlPolicy {
    fn default() -> Self {
        HtmlPolicy {
            allow_remote_images: false,
            max_bytes: HtmlPolicy::DEFAULT_MAX_BYTES,
            cid_urls: HashMap::new(),
        }
    }
}

/// HTML that is safe to put in a page, and what was left out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SanitizedHtml {
    pub html: String,
    /// Remote images and backgrounds removed by the policy.
    pub blocked_remote: usize,
    /// Whether the input was longer than [`HtmlPolicy::max_bytes`] and was cut.
    pub truncated: bool,
}

/// Style properties that only change how the message's own content looks.
const STYLE_PROPERTIES: [&str; 51] = [
    "background-color",
    "border",
    "border-bottom",
    "border-bottom-color",
    "border-bottom-style",
    "border-bottom-width",
    "border-collapse",
    "border-color",
    "border-left",
    "border-left-color",
    "border-left-style",
    "border-left-width",
    "border-radius",
    "border-right",
    "border-right-color",
    "border-right-style",
    "border-right-width",
    "border-spacing",
    "border-style",
    "border-top",
    "border-top-color",
    "border-top-style",
    "border-top-width",
    "border-width",
    "color",
    "direction",
    "font",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "height",
    "letter-spacing",
    "line-height",
    "margin",
    "margin-bottom",
    "margin-left",
    "margin-right",
    "margin-top",
    "max-width",
    "min-width",
    "padding",
    "padding-bottom",
    "padding-left",
    "padding-right",
    "padding-top",
    "text-align",
    "text-decoration",
    "vertical-align",
    "white-space",
    "width",
];

/// Layout attributes of old table-based email HTML, beyond ammonia's defaults.
const LAYOUT_ATTRIBUTES: [&str; 6] = [
    "bgcolor",
    "border",
    "cellpadding",
    "cellspacing",
    "valign",
    "width",
];

/// Sanitises a message's HTML for display (see the module documentation for what is kept and why).
pub fn sanitize_html(html: &str, policy: &HtmlPolicy) -> SanitizedHtml {
    let (input, truncated) = cut(html, policy.max_bytes);
    let blocked = Arc::new(AtomicUsize::new(0));
    let filter = UrlFilter {
        allow_remote_images: policy.allow_remote_images,
        cid_urls: Arc::new(policy.cid_urls.clone()),
        blocked: Arc::clone(&blocked),
    };
    let mut builder = Builder::default();
    builder
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel", "cid"]))
        // Relative URLs are dropped by the filter below, which has to see them first: a `cid:` source
        // rewritten to the caller's (possibly relative) URL must survive.
        .url_relative(UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer nofollow"))
        .set_tag_attribute_value("a", "target", "_blank")
        .add_generic_attributes(["style"])
        .filter_style_properties(HashSet::from(STYLE_PROPERTIES))
        .add_tag_attributes("img", ["border"])
        .add_tag_attributes("font", ["color", "face", "size"])
        .add_tags(["font"])
        .attribute_filter(move |element, attribute, value| filter.check(element, attribute, value));
    for table_tag in ["table", "tr", "td", "th"] {
        builder
            .add_tag_attributes(table_tag, LAYOUT_ATTRIBUTES)
            .add_tag_attributes(table_tag, ["background", "align"]);
    }
    let html = builder.clean(input).to_string();
    SanitizedHtml {
        html,
        blocked_remote: blocked.load(Ordering::Relaxed),
        truncated,
    }
}

/// At most `max_bytes` of `html`, cut at a character boundary and before any tag the cut would split.
fn cut(html: &str, max_bytes: usize) -> (&str, bool) {
    if html.len() <= max_bytes {
        return (html, false);
    }
    let mut end = max_bytes;
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let prefix = &html[..end];
    let prefix = match (prefix.rfind('<'), prefix.rfind('>')) {
        (Some(open), Some(close)) if close > open => prefix,
        (Some(open), _) => &prefix[..open],
        (None, _) => prefix,
    };
    (prefix, true)
}

/// Decides each URL-bearing attribute that ammonia's allowlist let through.
struct UrlFilter {
    allow_remote_images: bool,
    cid_urls: Arc<HashMap<String, String>>,
    blocked: Arc<AtomicUsize>,
}

impl UrlFilter {
    fn check<'u>(&self, element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
        let loads_by_itself = match attribute {
            "src" => true,
            "background" => true,
            "href" | "cite" => false,
            _ => return Some(Cow::Borrowed(value)),
        };
        let trimmed = value.trim();
        if loads_by_itself && trimmed.starts_with("//") {
            self.blocked.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        let url = Url::parse(trimmed).ok()?;
        match url.scheme() {
            "cid" if element == "img" && attribute == "src" => {
                let id = percent_decode(url.path());
                match self.cid_urls.get(id.trim_matches(['<', '>'])) {
                    Some(served) => Some(Cow::Owned(served.clone())),
                    None => Some(Cow::Borrowed(value)),
                }
            }
            "http" | "https" if loads_by_itself => {
                if self.allow_remote_images {
                    Some(Cow::Borrowed(value))
                } else {
                    self.blocked.fetch_add(1, Ordering::Relaxed);
                    None
                }
            }
            "http" | "https" | "mailto" | "tel" if !loads_by_itself => Some(Cow::Borrowed(value)),
            _ => None,
        }
    }
}

/// `%XX` escapes decoded (RFC 2392 writes a Content-ID in a `cid:` URL that way); anything malformed is
/// kept as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Plain text for a message that has only HTML: paragraphs, lists and tables laid out, quoted parts
/// (`<blockquote>`) prefixed with `> ` so quote stripping finds them, and link targets listed after the
/// text so a misleading link text cannot hide where it goes. Lines are not wrapped.
pub fn html_to_text(html: &str) -> String {
    // Wide enough that no line of a message is wrapped, small enough that table layout stays cheap.
    const WIDTH: usize = 10_000;
    match html2text::config::plain().string_from_read(html.as_bytes(), WIDTH) {
        Ok(text) => text
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned(),
        // html2text refuses some pathological inputs (nesting too deep); mail-parser's simpler
        // conversion never fails.
        Err(_) => mail_parser::decoders::html::html_to_text(html),
    }
}

#[cfg(test)]
mod tests;
