//! One linear pass over the markup before parsing: it bounds the work the
//! parser can be made to do and drops what no reader sees.
//!
//! * The HTML parser checks "element in scope" by walking its stack of open
//!   elements, so a page of 100,000 nested `<div>`s costs time quadratic in
//!   its depth. Tags nested deeper than a limit are dropped (their text
//!   stays). Tags that close themselves implicitly (`p`, `li`, `td`, ...) do
//!   not count, and real pages nest far less, so only hostile pages change.
//! * Scripts (except JSON-LD metadata), styles, templates, inline SVG and
//!   comments are cut out as text. On news pages they are more than half of
//!   the bytes, and tokenizing them only to throw them away is most of the
//!   parsing cost.

use std::borrow::Cow;

/// Nesting depth beyond which tags are dropped before parsing.
pub const MAX_MARKUP_DEPTH: usize = 256;

/// What the pass does with a tag, by element name.
#[derive(PartialEq, Eq, Clone, Copy)]
enum Kind {
    /// No end tag, or closed implicitly by a sibling: does not nest.
    Flat,
    /// Content is raw text kept as it is.
    RawText,
    /// Removed with its content (scripts other than JSON-LD too).
    Dropped,
    Script,
    Other,
}

fn classify(name: &str) -> Kind {
    let mut buf = [0u8; 10];
    let Some(lower) = buf.get_mut(..name.len()) else {
        return Kind::Other;
    };
    lower.copy_from_slice(name.as_bytes());
    lower.make_ascii_lowercase();
    match &*lower {
        // void elements, and elements a following sibling closes
        b"area" | b"base" | b"br" | b"col" | b"embed" | b"hr" | b"img" | b"input" | b"link"
        | b"meta" | b"param" | b"source" | b"track" | b"wbr" | b"keygen" | b"frame"
        | b"basefont" | b"bgsound" | b"image" | b"p" | b"li" | b"dt" | b"dd" | b"option"
        | b"optgroup" | b"tr" | b"td" | b"th" | b"tbody" | b"thead" | b"tfoot" | b"rp" | b"rt"
        | b"colgroup" | b"caption" => Kind::Flat,
        b"textarea" | b"title" | b"xmp" | b"iframe" | b"noembed" | b"noframes" => Kind::RawText,
        b"style" | b"template" | b"svg" => Kind::Dropped,
        b"script" => Kind::Script,
        _ => Kind::Other,
    }
}

/// Returns `html` without scripts, styles, templates, SVG and comments, and
/// with tags nested deeper than `max_depth` removed. Borrowed unchanged when
/// there is nothing to remove.
pub fn simplify_markup(html: &str, max_depth: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied_to = 0; // bytes of `html` already copied into `out`
    let mut cut = |from: usize, to: usize, copied_to: &mut usize| {
        let buf = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
        buf.push_str(&html[*copied_to..from]);
        *copied_to = to;
    };
    let mut depth = 0usize;
    let mut skipped = 0usize;
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        i = start + 1;
        let rest = &html[i..];
        if let Some(comment) = rest.strip_prefix("!--") {
            i = comment_end(comment).map_or(bytes.len(), |e| i + 3 + e + 3);
            cut(start, i, &mut copied_to);
            continue;
        }
        if rest.starts_with(['!', '?']) {
            i = rest.find('>').map_or(bytes.len(), |e| i + e + 1);
            continue;
        }
        let closing = rest.starts_with('/');
        let name_start = if closing { i + 1 } else { i };
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = &html[name_start..name_start + name_len];
        let after_name = name_start + name_len;
        i = after_name;
        let kind = classify(name);
        if kind == Kind::Flat {
            continue;
        }
        if !closing && matches!(kind, Kind::Dropped | Kind::Script | Kind::RawText) {
            let end = tag_end(bytes, after_name);
            let keep =
                kind == Kind::RawText || (kind == Kind::Script && is_json_ld(&html[start..end]));
            if !keep && name.eq_ignore_ascii_case("svg") && end >= 2 && bytes[end - 2] == b'/' {
                cut(start, end, &mut copied_to);
                i = end;
                continue;
            }
            let close = find_end_tag(html, end, name);
            let Some(close) = close else {
                // Never closed (a truncated or broken fragment): a parser would swallow the
                // rest of the document into this element and lose it. Only the tag goes.
                cut(start, end, &mut copied_to);
                i = end;
                continue;
            };
            if keep {
                i = close;
            } else {
                i = tag_end(bytes, close + 2 + name_len);
                cut(start, i, &mut copied_to);
            }
            continue;
        }
        let drop_tag = if closing {
            if skipped > 0 {
                skipped -= 1;
                true
            } else {
                depth = depth.saturating_sub(1);
                false
            }
        } else if depth >= max_depth {
            skipped += 1;
            true
        } else {
            depth += 1;
            false
        };
        if drop_tag {
            let end = tag_end(bytes, after_name);
            cut(start, end, &mut copied_to);
            i = end;
        }
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(&html[copied_to..]);
            Cow::Owned(buf)
        }
    }
}

fn is_json_ld(start_tag: &str) -> bool {
    start_tag.len() < 400 && start_tag.to_ascii_lowercase().contains("ld+json")
}

/// Position of the first `-->` in `s`.
///
/// Searching for the `>` (a fast byte scan) and looking back is much
/// cheaper than a substring search; comments are a large share of pages.
fn comment_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut at = 0;
    while let Some(off) = s[at..].find('>') {
        let gt = at + off;
        if gt >= 2 && &bytes[gt - 2..gt] == b"--" {
            return Some(gt - 2);
        }
        at = gt + 1;
    }
    None
}

/// Position of `</name` (any case) at or after `from`.
fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut at = from;
    // a byte scan for `<`, then a look at what follows: scripts are long and
    // a substring search for `</` costs several times more
    while let Some(off) = html[at..].find('<') {
        let pos = at + off;
        if bytes.get(pos + 1) != Some(&b'/') {
            at = pos + 1;
            continue;
        }
        let candidate = bytes.get(pos + 2..pos + 2 + name.len())?;
        if candidate.eq_ignore_ascii_case(name.as_bytes()) {
            return Some(pos);
        }
        at = pos + 2;
    }
    None
}

/// Index just past the `>` closing a tag whose name ends before `from`, skipping quoted values.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes[from.min(bytes.len())..].iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return from + k + 1,
            None => {}
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::{comment_end, find_end_tag, simplify_markup};
    use proptest::prelude::*;

    fn check(input: &str, depth: usize, expect: &str) {
        assert_eq!(simplify_markup(input, depth), expect, "input: {input}");
    }

    #[test]
    fn ordinary_markup_is_untouched() {
        let page = "<html><body><div><p>a<p>b<ul><li>x<li>y</ul><textarea><div></textarea></div></body></html>";
        assert!(matches!(
            simplify_markup(page, 4),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn deep_tags_are_dropped_but_text_stays() {
        check(
            "<div><div><div><div>deep</div></div></div></div><p>after</p>",
            2,
            "<div><div>deep</div></div><p>after</p>",
        );
    }

    #[test]
    fn scripts_styles_svg_and_comments_go_but_json_ld_stays() {
        check(
            "<p>a<script>if (a<b) { x('</div>') }</script>b<!-- <div> --><style>p{}</style><svg><path/></svg><svg/>c</p>\
             <SCRIPT type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</SCRIPT>",
            2,
            "<p>abc</p><SCRIPT type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</SCRIPT>",
        );
    }

    #[test]
    fn an_element_never_closed_loses_only_its_tag() {
        check(
            "<p>one</p><style>p { color: red }<p>two</p>",
            8,
            "<p>one</p>p { color: red }<p>two</p>",
        );
        check(
            "<p>one</p><svg viewBox=\"0 0 1 1\"><p>two</p><p>three</p>",
            8,
            "<p>one</p><p>two</p><p>three</p>",
        );
        check("<p>a<script>x<p>b</p>", 8, "<p>ax<p>b</p>");
        check("<p>a<title>b</p>", 8, "<p>ab</p>");
    }

    #[test]
    fn unterminated_pieces_do_not_panic() {
        for s in [
            "<script>never closed",
            "<!-- open",
            "<div class=\"x",
            "<",
            "</",
            "<svg",
            "<a\u{e9}>é",
        ] {
            let _ = simplify_markup(s, 1);
        }
    }

    proptest! {
        // the byte scans find exactly what a substring search finds
        #[test]
        fn scans_agree_with_substring_search(s in "(</?|-->?|abc|aBC|[<>/!a-c -]){0,16}") {
            prop_assert_eq!(comment_end(&s), s.find("-->"));
            for from in 0..=s.len() {
                let expect = s[from..].match_indices("</").map(|(p, _)| from + p).find_map(|p| {
                    let candidate = s.as_bytes().get(p + 2..p + 5);
                    match candidate {
                        None => Some(None),
                        Some(c) if c.eq_ignore_ascii_case(b"abc") => Some(Some(p)),
                        Some(_) => None,
                    }
                });
                prop_assert_eq!(find_end_tag(&s, from, "abc"), expect.flatten());
            }
        }
    }
}
