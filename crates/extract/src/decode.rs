//! Bytes to text: the page's character encoding, decided the way browsers do.
//!
//! Order of trust: a byte order mark, then the charset the HTTP server sent,
//! then a `<meta charset>` / `http-equiv` declaration in the first kilobytes,
//! then statistical detection (chardetng, the detector Firefox uses).

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into the page a `<meta charset>` declaration is looked for.
const META_PRESCAN_BYTES: usize = 4096;

/// Decodes page bytes to a string, never failing: undecodable bytes become U+FFFD.
///
/// `http_charset` is the `charset` parameter of the HTTP `Content-Type`, if any.
pub fn decode(bytes: &[u8], http_charset: Option<&str>) -> String {
    decode_cow(bytes, http_charset).into_owned()
}

/// [`decode`], borrowing the bytes when they already are the text (UTF-8). Control
/// characters other than white space (tab, line feed, form feed, carriage return) are dropped:
/// no page means them, and they are not allowed in the XML of the site's feeds.
pub(crate) fn decode_cow<'a>(bytes: &'a [u8], http_charset: Option<&str>) -> Cow<'a, str> {
    let text = decode_any(bytes, http_charset);
    let control = |c: char| c < ' ' && !matches!(c, '\t' | '\n' | '\x0C' | '\r');
    // Control characters are single bytes in UTF-8: the check that runs on every page scans
    // bytes, not chars.
    if text.bytes().any(|b| control(char::from(b))) {
        Cow::Owned(text.chars().filter(|c| !control(*c)).collect())
    } else {
        text
    }
}

fn decode_any<'a>(bytes: &'a [u8], http_charset: Option<&str>) -> Cow<'a, str> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom_len..]).0;
    }
    // Bytes that are valid UTF-8 and not plain ASCII are UTF-8 whatever the
    // page or server claims: a legacy-encoded text almost never passes
    // UTF-8 validation, while pages re-saved as UTF-8 keep stale declarations.
    let ascii = bytes.is_ascii();
    if !ascii && let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let enc = http_charset
        .and_then(|label| Encoding::for_label(label.trim().trim_matches('"').as_bytes()))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(META_PRESCAN_BYTES)]))
        .map(fix_declared)
        .unwrap_or_else(|| detect(bytes));
    if ascii && enc.is_ascii_compatible() {
        // ASCII reads the same in every ASCII-compatible encoding
        return Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default());
    }
    enc.decode_without_bom_handling(bytes).0
}

/// A page that declares UTF-16 but reached us without a BOM is ASCII-compatible
/// in practice (browsers do the same substitution).
fn fix_declared(enc: &'static Encoding) -> &'static Encoding {
    if enc == encoding_rs::UTF_16LE
        || enc == encoding_rs::UTF_16BE
        || enc == encoding_rs::REPLACEMENT
    {
        UTF_8
    } else {
        enc
    }
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(None, chardetng::Utf8Detection::Allow);
    if guess == encoding_rs::REPLACEMENT {
        WINDOWS_1252
    } else {
        guess
    }
}

/// Finds `charset=...` inside a `<meta` tag of the page's head.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(cs) = find(tag, b"charset") {
            let rest = &tag[cs + 7..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let len = rest
                    .iter()
                    .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..len]) {
                    return Some(enc);
                }
            }
        }
        from = end.max(start + 1);
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn bom_wins_over_everything() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFcaf\xC3\xA9", Some("iso-8859-1")),
            "café"
        );
    }

    #[test]
    fn valid_utf8_wins_over_a_stale_declaration() {
        let page = "<meta charset=\"gb2312\"><p>人工智能</p>";
        assert!(decode(page.as_bytes(), Some("gbk")).contains("人工智能"));
    }

    #[test]
    fn control_characters_are_dropped_white_space_kept() {
        assert_eq!(
            decode(b"a\x00b\x1Fc\td\ne\x0Cf\rg\x07", None),
            "abc\td\ne\x0Cf\rg"
        );
        assert_eq!(decode(b"caf\xE9\x01", Some("windows-1252")), "café");
    }

    #[test]
    fn http_charset_is_used() {
        assert_eq!(decode(b"caf\xE9", Some("ISO-8859-1")), "café");
    }

    #[test]
    fn meta_charset_is_used() {
        let page = b"<html><head><meta charset=\"windows-1251\"></head><body>\xCF\xF0\xE8\xE2\xE5\xF2</body></html>";
        assert!(decode(page, None).contains("Привет"));
        let page =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-2\">\xB1";
        assert!(decode(page, None).ends_with('ą'));
    }

    #[test]
    fn undeclared_utf8_and_legacy_are_detected() {
        assert_eq!(decode("žluťoučký".as_bytes(), None), "žluťoučký");
        let latin = b"Le caf\xE9 est tr\xE8s bon et la cr\xE8me br\xFBl\xE9e aussi, d\xE9j\xE0 vu.";
        assert!(decode(latin, None).contains("café"));
    }
}
