//! The new text of an HTML-only reply.
//!
//! Clients mark where the quoted message begins in their HTML: Gmail's `div.gmail_quote`, Outlook's
//! `#divRplyFwdMsg` and `#appendonsend` or a `border-top` box around the "From:" lines, Yahoo's
//! `.yahoo_quoted`, Thunderbird's `.moz-cite-prefix`, Hotmail's `hr#stopSpelling`, Zimbra's `hr#zwchr`.
//! The document is parsed with html5ever (through html2text), a marker paragraph is put before each of those
//! elements, and the document is rendered to text with `blockquote`s as `>` lines. Everything from the first
//! marker with text above it is dropped, unless what follows is a forwarded message; then the plain-text
//! rules of [`super::history`] take the rest (`>` blocks, "From:/Sent:/To:" blocks that no element marks).
//!
//! Going through text keeps one set of rules for both kinds of message, and lets the same checks decide for
//! both (a forwarded message is kept, a reply never comes back empty).

use std::rc::Rc;

use html2text::render::TextDecorator;
use html2text::{Element, Handle};

use super::history::is_blank;
use super::words::{header_key, is_forward_marker};

/// Marks where an element that always holds quoted history began.
const QUOTE: &str = "\u{E000}ayuda-quote\u{E000}";
/// Marks where an element that holds history began if it opens with header lines ("From: …").
const MAYBE: &str = "\u{E000}ayuda-maybe-quote\u{E000}";

/// Only the first few quote elements are marked: the cut is at the first one with text above it, and a
/// document with thousands of them should cost no more than one with a few.
const MAX_MARKERS: usize = 32;

/// Rendering width: wide, so that lines come out as the writer broke them.
const WIDTH: usize = 2000;

/// Elements nested deeper than this (by a rough count) make the HTML parser and renderer slow down
/// quadratically; such a document is turned into text the simple way, without finding its quotes.
const MAX_DEPTH: usize = 400;

/// Elements that are never or seldom closed, and so do not count towards nesting.
const UNNESTED: &[&str] = &[
    "br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source", "p", "li",
    "td", "th", "tr", "option", "dt", "dd",
];

/// The visible text of an HTML body: rendered as text, with the quoted history it carries removed.
pub(super) fn render_reply(html: &str) -> String {
    if nesting_depth(html) > MAX_DEPTH {
        return mail_parser::decoders::html::html_to_text(html);
    }
    let config = html2text::config::with_decorator(Plain)
        .raw_mode(true)
        .no_link_wrapping()
        .allow_width_overflow()
        .link_footnotes(false);
    let Ok(dom) = config.parse_html(html.as_bytes()) else {
        return mail_parser::decoders::html::html_to_text(html);
    };
    mark_quotes(&dom.document);
    match config
        .dom_to_render_tree(&dom)
        .and_then(|tree| config.render_to_string(tree, WIDTH))
    {
        Ok(text) => cut_at_marker(&text),
        Err(_) => mail_parser::decoders::html::html_to_text(html),
    }
}

/// The deepest nesting of elements, counted from tags alone: opening tags minus closing ones.
fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'<') {
        let name_start = at + offset + 1;
        match bytes.get(name_start) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(b) if b.is_ascii_alphabetic() => {
                let name_end = bytes[name_start..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .map_or(bytes.len(), |len| name_start + len);
                let name = &html[name_start..name_end];
                if !UNNESTED.iter().any(|tag| tag.eq_ignore_ascii_case(name)) {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
            _ => {}
        }
        at = name_start;
    }
    deepest
}

/// Drops everything from the first marker that has text above it and no forwarded message below it, and
/// removes the other markers.
fn cut_at_marker(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let is_marker = |line: &str| line.contains(QUOTE) || line.contains(MAYBE);
    // For each line, the first line of text at or below it (not blank, not a marker, not a drawn rule),
    // found once from the bottom up so that many markers in a row stay linear.
    let mut next_text: Vec<Option<usize>> = vec![None; lines.len() + 1];
    for i in (0..lines.len()).rev() {
        let line = lines[i];
        let skip = is_blank(line) || is_marker(line) || is_drawn_rule(line);
        next_text[i] = if skip { next_text[i + 1] } else { Some(i) };
    }
    let mut seen_text = false;
    let mut end = lines.len();
    for (i, line) in lines.iter().enumerate() {
        if !is_marker(line) {
            seen_text |= !is_blank(line);
            continue;
        }
        let next = next_text[i + 1].map(|at| lines[at].trim_start_matches(['>', ' ']));
        let forward = next.is_some_and(is_forward_marker);
        let header = next.is_some_and(|l| header_key(l).is_some());
        if seen_text && !forward && (line.contains(QUOTE) || header) {
            end = i;
            break;
        }
    }
    let mut kept = String::new();
    for line in lines[..end].iter().filter(|l| !is_marker(l)) {
        kept.push_str(line.trim_end());
        kept.push('\n');
    }
    kept
}

/// A line that is only a horizontal rule as html2text draws `<hr>`.
fn is_drawn_rule(line: &str) -> bool {
    let rule = line.trim();
    !rule.is_empty()
        && rule
            .chars()
            .all(|c| matches!(c, '─' | '-' | '_' | '━' | '═'))
}

/// Puts a marker paragraph before every element that clients use to hold the quoted message.
fn mark_quotes(document: &Handle) {
    let mut found: Vec<(Handle, &str)> = Vec::new();
    let mut stack = vec![document.clone()];
    while let Some(node) = stack.pop() {
        if let Some(marker) = quote_marker(&node) {
            found.push((node.clone(), marker));
            if found.len() == MAX_MARKERS {
                break;
            }
        }
        stack.extend(node.children.borrow().iter().rev().cloned());
    }
    for (node, marker) in found {
        insert_before(&node, marker);
    }
}

/// Which marker, if any, goes before this element.
fn quote_marker(node: &Handle) -> Option<&'static str> {
    let Element { name, attrs, .. } = &node.data else {
        return None;
    };
    let attrs = attrs.borrow();
    let attr = |wanted: &str| {
        attrs
            .iter()
            .find(|a| (*a.name.local).eq_ignore_ascii_case(wanted))
            .map(|a| a.value.to_string())
            .unwrap_or_default()
    };
    let (id, class, style) = (
        attr("id"),
        attr("class"),
        attr("style").to_ascii_lowercase(),
    );
    let tag = (*name.local).to_ascii_lowercase();
    let classes = || class.split_whitespace();
    let sure = id.contains("divRplyFwdMsg")
        || id == "appendonsend"
        || id.contains("OLK_SRC_BODY_SECTION")
        || id == "stopSpelling"
        || id == "zwchr"
        || classes().any(|c| {
            c.starts_with("gmail_quote")
                || c == "yahoo_quoted"
                || c == "moz-cite-prefix"
                || c == "protonmail_quote"
                || c == "zmail_extra"
        });
    if sure {
        Some(QUOTE)
    } else if (tag == "div" && style.contains("border-top")) || tag == "hr" {
        Some(MAYBE)
    } else {
        None
    }
}

/// Inserts a paragraph holding `marker` just before `node`.
fn insert_before(node: &Handle, marker: &str) {
    let weak = node.parent.take();
    node.parent.set(weak.clone());
    let Some(parent) = weak.as_ref().and_then(|w| w.upgrade()) else {
        return;
    };
    let Some(paragraph) = marker_paragraph(marker) else {
        return;
    };
    let mut children = parent.children.borrow_mut();
    if let Some(at) = children.iter().position(|c| Rc::ptr_eq(c, node)) {
        paragraph.parent.set(weak);
        children.insert(at, paragraph);
    }
}

/// A `<p>` element holding `marker`, taken out of a tiny parsed document. It must be detached before that
/// document is dropped: dropping a document empties every element still in it.
fn marker_paragraph(marker: &str) -> Option<Handle> {
    let html = format!("<p>{marker}</p>");
    let dom = html2text::config::plain()
        .parse_html(html.as_bytes())
        .ok()?;
    let mut stack = vec![dom.document.clone()];
    while let Some(node) = stack.pop() {
        if let Element { name, .. } = &node.data
            && &*name.local == "p"
        {
            let parent = node.parent.take().and_then(|weak| weak.upgrade());
            if let Some(parent) = parent {
                parent
                    .children
                    .borrow_mut()
                    .retain(|c| !Rc::ptr_eq(c, &node));
            }
            return Some(node);
        }
        stack.extend(node.children.borrow().iter().cloned());
    }
    None
}

/// Renders text without decoration, except `> ` before quoted lines and bullets before list items.
#[derive(Clone, Copy, Debug)]
struct Plain;

impl TextDecorator for Plain {
    type Annotation = ();

    fn decorate_link_start(&mut self, _url: &str) -> (String, ()) {
        (String::new(), ())
    }
    fn decorate_link_end(&mut self) -> String {
        String::new()
    }
    fn decorate_em_start(&self) -> (String, ()) {
        (String::new(), ())
    }
    fn decorate_em_end(&self) -> String {
        String::new()
    }
    fn decorate_strong_start(&self) -> (String, ()) {
        (String::new(), ())
    }
    fn decorate_strong_end(&self) -> String {
        String::new()
    }
    fn decorate_strikeout_start(&self) -> (String, ()) {
        (String::new(), ())
    }
    fn decorate_strikeout_end(&self) -> String {
        String::new()
    }
    fn decorate_code_start(&self) -> (String, ()) {
        (String::new(), ())
    }
    fn decorate_code_end(&self) -> String {
        String::new()
    }
    fn decorate_preformat_first(&self) {}
    fn decorate_preformat_cont(&self) {}
    fn decorate_image(&mut self, _src: &str, title: &str) -> (String, ()) {
        (title.to_string(), ())
    }
    fn header_prefix(&self, _level: usize) -> String {
        String::new()
    }
    fn quote_prefix(&self) -> String {
        "> ".to_string()
    }
    fn unordered_item_prefix(&self) -> String {
        "- ".to_string()
    }
    fn ordered_item_prefix(&self, i: i64) -> String {
        format!("{i}. ")
    }
    fn make_subblock_decorator(&self) -> Self {
        Plain
    }
}
