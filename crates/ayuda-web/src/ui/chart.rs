//! Charts drawn on the server as SVG, readable without JavaScript: horizontal bars for a few labelled
//! values, and stacked columns for values over time. Every bar carries a `<title>` ("label: value", what a
//! pointer or a screen reader gets) and `data-label`/`data-value` attributes, the same figures as the table
//! and the CSV beside it. Colours come from the stylesheet's series classes, so the theme decides them.

use std::fmt::Write;

/// Escapes text for SVG (XML) content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Values formatted as they appear in titles and tables: whole numbers without decimals.
pub fn figure(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

const BAR_HEIGHT: u32 = 22;
const LABEL_WIDTH: u32 = 180;
const BARS_WIDTH: u32 = 560;

/// Horizontal bars, one per `(label, value)`, longest to scale.
pub fn bars(title: &str, rows: &[(String, f64)]) -> String {
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    let height = BAR_HEIGHT * rows.len().max(1) as u32 + 8;
    let width = LABEL_WIDTH + BARS_WIDTH + 60;
    let mut svg = format!(
        "<svg class=\"chart bars\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {width} {height}\" \
         width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(title)
    );
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = 4 + BAR_HEIGHT * i as u32;
        let length = if max > 0.0 {
            (value / max * f64::from(BARS_WIDTH)).round()
        } else {
            0.0
        };
        let (label, shown) = (escape(label), figure(*value));
        let _ = write!(
            svg,
            "<g class=\"bar\" data-label=\"{label}\" data-value=\"{shown}\"><title>{label}: {shown}</title>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{label}</text>\
             <rect class=\"series-0\" x=\"{LABEL_WIDTH}\" y=\"{}\" width=\"{length}\" height=\"{}\"/>\
             <text x=\"{}\" y=\"{}\">{shown}</text></g>",
            LABEL_WIDTH - 8,
            y + 15,
            y + 3,
            BAR_HEIGHT - 6,
            f64::from(LABEL_WIDTH) + length + 6.0,
            y + 15,
        );
    }
    svg.push_str("</svg>");
    svg
}

const COLUMNS_HEIGHT: u32 = 220;
const COLUMNS_WIDTH: u32 = 760;

/// Stacked columns: one column per label (an interval, an hour), one stacked part per series.
pub fn columns(title: &str, labels: &[String], series: &[(String, Vec<f64>)]) -> String {
    let totals: Vec<f64> = (0..labels.len())
        .map(|i| {
            series
                .iter()
                .map(|(_, v)| v.get(i).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let max = totals.iter().copied().fold(0.0, f64::max);
    let slot = f64::from(COLUMNS_WIDTH) / labels.len().max(1) as f64;
    let bottom = f64::from(COLUMNS_HEIGHT);
    let mut svg = format!(
        "<svg class=\"chart columns\" role=\"img\" aria-label=\"{}\" viewBox=\"0 -16 {} {}\" width=\"100%\" \
         preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(title),
        COLUMNS_WIDTH + 40,
        COLUMNS_HEIGHT + 60
    );
    let _ = write!(
        svg,
        "<text class=\"axis\" x=\"0\" y=\"-4\">{}</text>",
        figure(max)
    );
    // Label every column when they fit, else about twelve of them.
    let every = labels.len().div_ceil(12).max(1);
    for (i, label) in labels.iter().enumerate() {
        let x = slot * i as f64;
        let mut y = bottom;
        for (s, (name, values)) in series.iter().enumerate() {
            let value = values.get(i).copied().unwrap_or(0.0);
            if value <= 0.0 {
                continue;
            }
            let height = if max > 0.0 {
                value / max * (bottom - 10.0)
            } else {
                0.0
            };
            y -= height;
            let (label, name, shown) = (escape(label), escape(name), figure(value));
            let _ = write!(
                svg,
                "<rect class=\"series-{}\" x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{height:.1}\" \
                 data-label=\"{label}\" data-series=\"{name}\" data-value=\"{shown}\">\
                 <title>{label}, {name}: {shown}</title></rect>",
                s % 8,
                x + slot * 0.1,
                slot * 0.8,
            );
        }
        if i % every == 0 {
            let _ = write!(
                svg,
                "<text class=\"axis\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                x + slot / 2.0,
                COLUMNS_HEIGHT + 16,
                escape(label)
            );
        }
    }
    // The legend.
    for (s, (name, _)) in series.iter().enumerate() {
        let x = (s % 4) as u32 * 190;
        let y = COLUMNS_HEIGHT + 30 + (s / 4) as u32 * 16;
        let _ = write!(
            svg,
            "<rect class=\"series-{}\" x=\"{x}\" y=\"{y}\" width=\"10\" height=\"10\"/>\
             <text class=\"legend\" x=\"{}\" y=\"{}\">{}</text>",
            s % 8,
            x + 14,
            y + 9,
            escape(name)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_every_value_has_a_title() {
        let svg = bars("Tags <b>", &[("a&b".into(), 3.0), ("<script>".into(), 1.5)]);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("<title>a&amp;b: 3</title>"));
        assert!(svg.contains("<title>&lt;script&gt;: 1.5</title>"));
        assert!(svg.contains("aria-label=\"Tags &lt;b&gt;\""));
        let svg = columns(
            "Volume",
            &["Mar 2".into(), "Mar 9".into()],
            &[
                ("Email".into(), vec![2.0, 0.0]),
                ("Phone".into(), vec![1.0, 4.0]),
            ],
        );
        assert_eq!(svg.matches("<title>").count(), 3, "zeros draw nothing");
        assert!(svg.contains("<title>Mar 9, Phone: 4</title>"));
    }
}
