//! Text constructs: plain text, escaped HTML, base64 and inline XHTML, as one HTML or plain
//! string with relative references made absolute.

use base64::Engine;

use super::Text;
use crate::TextKind;
use crate::html::resolve_relative;
use crate::xml::Element;

/// The value of a text construct whose kind, when not declared, is `default` (Atom text and
/// Media RSS titles and descriptions are plain text; RSS text is HTML): plain text, HTML as a
/// string, or inline XHTML serialised; relative references inside markup made absolute.
pub(super) fn text_construct_default(el: &Element, default: TextKind) -> Option<Text> {
    let ty = el.attr("type").unwrap_or("").trim().to_ascii_lowercase();
    let mode = el.attr("mode").unwrap_or("").trim().to_ascii_lowercase();
    let plain = (matches!(ty.as_str(), "text" | "text/plain" | "plain")
        || (ty.is_empty() && default == TextKind::Plain && !el.has_elements()))
        && mode != "escaped";
    // Atom 1.0: a MIME type that is neither text nor XML means base64-encoded content.
    let binary_type = ty.contains('/')
        && !ty.starts_with("text/")
        && !ty.ends_with("+xml")
        && !ty.ends_with("/xml")
        && !el.has_elements();
    // Pictures, sound and video are not text, whatever their encoding.
    if ["image/", "audio/", "video/"]
        .iter()
        .any(|m| ty.starts_with(m))
    {
        return None;
    }
    let raw = if mode == "base64" || binary_type {
        let compact: String = el.text().chars().filter(|c| !c.is_whitespace()).collect();
        match base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(_) => el.text(),
        }
    } else if el.has_elements() {
        match single_text_div(el) {
            // Escaped HTML wrapped in an XHTML div (a common publishing tool habit).
            Some(text) if ty == "html" || ty == "text/html" => text,
            _ => el.inner_xml(),
        }
    } else {
        el.text()
    };
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if plain {
        return Some((raw.to_owned(), TextKind::Plain));
    }
    let html = resolve_relative(&escape_bogus_declarations(raw), el.base.as_deref());
    let html = drop_empty_tags(html);
    (!html.is_empty()).then_some((html, TextKind::Html))
}

/// Drops `<>`, which SGML reads as an empty tag and the reference parser's sanitizer discards
/// (an HTML5 parser would show it as text). In HTML content it is a template leftover, not
/// prose: prose writes `&lt;&gt;`. The result is trimmed again.
fn drop_empty_tags(html: String) -> String {
    if html.contains("<>") {
        html.replace("<>", "").trim().to_owned()
    } else {
        html
    }
}

/// The text of an element whose only child element is a `div` holding nothing but text.
fn single_text_div(el: &Element) -> Option<String> {
    let mut elements = el.elements();
    let div = elements.next()?;
    if elements.next().is_some() || div.local != "div" || div.has_elements() {
        return None;
    }
    let outside = el.children.iter().any(|c| match c {
        crate::xml::Node::Text(t) => !t.trim().is_empty(),
        crate::xml::Node::Element(_) => false,
    });
    (!outside).then(|| div.text())
}

/// Escapes `<!` that opens neither a comment, a DOCTYPE nor a CDATA section, so that text such
/// as `<!' ...` survives an HTML parser instead of vanishing as a bogus declaration.
fn escape_bogus_declarations(html: &str) -> std::borrow::Cow<'_, str> {
    if !html.contains("<!") {
        return html.into();
    }
    let mut out = String::with_capacity(html.len() + 8);
    let mut rest = html;
    while let Some(at) = rest.find("<!") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let upper: String = after
            .chars()
            .take(7)
            .collect::<String>()
            .to_ascii_uppercase();
        if after.starts_with("--") || upper.starts_with("DOCTYPE") || upper.starts_with("[CDATA[") {
            out.push_str("<!");
        } else {
            out.push_str("&lt;!");
        }
        rest = after;
    }
    out.push_str(rest);
    out.into()
}
