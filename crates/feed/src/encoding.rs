//! Turns the bytes of a document into text.
//!
//! The order of authority follows RFC 3023 as feed readers apply it: a byte order mark wins, then
//! the `charset` of the HTTP `Content-Type`, then the XML declaration's `encoding`. A document
//! that declares nothing is read as UTF-8 when it is valid UTF-8, otherwise its encoding is
//! guessed (chardetng); undeclared windows-1252 is the common case. A declared encoding that
//! does not fit the bytes is reported as a warning and replaced by a guess.

use std::borrow::Cow;

use encoding_rs::{Encoding, ISO_8859_2, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// The decoded text and the name of the encoding that was used.
pub(crate) struct Decoded<'a> {
    /// Borrowed from the input when it already was valid UTF-8 in the chosen encoding.
    pub text: Cow<'a, str>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub encoding: &'static str,
}

/// Decodes `bytes`, pushing a warning for each problem met.
pub(crate) fn decode<'a>(
    bytes: &'a [u8],
    content_type: Option<&str>,
    tld: Option<&str>,
    warnings: &mut Vec<String>,
) -> Decoded<'a> {
    if let Some(text) = utf32(bytes) {
        return Decoded {
            text: Cow::Owned(text),
            encoding: "UTF-32",
        };
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            warnings.push(format!("invalid {} byte sequences replaced", enc.name()));
        }
        return Decoded {
            text,
            encoding: enc.name(),
        };
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Decoded {
            text,
            encoding: enc.name(),
        };
    }
    let http = content_type.and_then(charset_param).and_then(|l| label(&l));
    let declared = xml_declared_encoding(bytes).and_then(|l| {
        let enc = label(&l);
        if enc.is_none() {
            warnings.push(format!("unknown encoding {l:?} in the XML declaration"));
        }
        enc
    });
    // Servers and templates often label everything ISO-8859-1. When such a label meets bytes
    // that are valid UTF-8 with multi-byte sequences (which Latin-1 text practically never is)
    // and nothing names another encoding, the label is wrong.
    let labelled_latin1 = match (http, declared) {
        (Some(h), d) => h == WINDOWS_1252 && d.is_none_or(|d| d == UTF_8 || d == WINDOWS_1252),
        (None, Some(d)) => d == WINDOWS_1252,
        (None, None) => false,
    };
    if labelled_latin1
        && !bytes.is_ascii()
        && let Ok(text) = std::str::from_utf8(bytes)
    {
        warnings.push("the document is labelled windows-1252 but is UTF-8".into());
        return Decoded {
            text: Cow::Borrowed(text),
            encoding: UTF_8.name(),
        };
    }
    if let Some(enc) = http.or(declared) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors {
            return Decoded {
                text,
                encoding: enc.name(),
            };
        }
        warnings.push(format!(
            "the document is not valid {}; guessing its encoding",
            enc.name()
        ));
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: Cow::Borrowed(text),
            encoding: UTF_8.name(),
        };
    }
    let enc = guess(bytes, tld);
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        warnings.push(format!("invalid {} byte sequences replaced", enc.name()));
    }
    Decoded {
        text,
        encoding: enc.name(),
    }
}

/// Guesses the encoding of undeclared or mis-declared, non-UTF-8 bytes.
///
/// With only a little non-ASCII text the statistics are too thin to trust, and the reference
/// parser's fixed chain is followed instead: windows-1252 (the encoding undeclared feeds almost
/// always turn out to use) unless the bytes hold one of the five values windows-1252 leaves
/// undefined, then ISO-8859-2, which accepts every byte. Its C1 controls (0x80..0x9F) are later
/// read as windows-1252 punctuation by the text repair, so the two differ only above 0x9F.
fn guess(bytes: &[u8], tld: Option<&str>) -> &'static Encoding {
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    if non_ascii < 24 {
        let undefined_in_1252 = |b: &u8| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D);
        return if bytes.iter().any(undefined_in_1252) {
            ISO_8859_2
        } else {
            WINDOWS_1252
        };
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let tld = tld.filter(|t| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    });
    detector.guess(tld.map(str::as_bytes), chardetng::Utf8Detection::Allow)
}

/// Resolves an encoding label; UTF-16 labels on bytes without a BOM or NUL pattern are
/// treated as UTF-8, because the document could not have been parsed that far otherwise.
fn label(name: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(name.trim().as_bytes())?;
    if enc == UTF_16LE || enc == UTF_16BE {
        return Some(UTF_8);
    }
    Some(enc)
}

/// Decodes UTF-32 (which encoding_rs, following the web platform, does not support) when a
/// BOM or the NUL pattern around the first `<` shows it.
fn utf32(bytes: &[u8]) -> Option<String> {
    let (big_endian, body) = match bytes {
        [0, 0, 0xFE, 0xFF, rest @ ..] => (true, rest),
        [0xFF, 0xFE, 0, 0, rest @ ..] => (false, rest),
        [0, 0, 0, b'<', ..] => (true, bytes),
        [b'<', 0, 0, 0, ..] => (false, bytes),
        _ => return None,
    };
    let text = body
        .chunks(4)
        .map(|c| {
            let mut word = [0u8; 4];
            word[..c.len()].copy_from_slice(c);
            let code = if big_endian {
                u32::from_be_bytes(word)
            } else {
                u32::from_le_bytes(word)
            };
            char::from_u32(code).unwrap_or('\u{FFFD}')
        })
        .collect();
    Some(text)
}

/// Detects UTF-16 text without a BOM from the NUL bytes around the first `<`.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    match bytes {
        [0, b'<', 0, _, ..] => Some(UTF_16BE),
        [b'<', 0, _, 0, ..] => Some(UTF_16LE),
        _ => None,
    }
}

/// The `charset` parameter of a `Content-Type` header value.
pub(crate) fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_owned())
    })
}

/// The `encoding` pseudo-attribute of an XML declaration at the start of the bytes.
fn xml_declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(512)];
    let start = head.windows(5).position(|w| w == b"<?xml")?;
    let rest = &head[start..];
    let end = rest
        .windows(2)
        .position(|w| w == b"?>")
        .unwrap_or(rest.len());
    let decl = String::from_utf8_lossy(&rest[..end]);
    let at = decl.find("encoding")?;
    let after = decl[at + "encoding".len()..].trim_start();
    let after = after.strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &after[1..];
    let value = &value[..value.find(quote)?];
    Some(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], content_type: Option<&str>, expect_text: &str, expect_enc: &str) {
        let mut w = Vec::new();
        let d = decode(bytes, content_type, None, &mut w);
        assert!(d.text.contains(expect_text), "{:?}", d.text);
        assert_eq!(d.encoding, expect_enc);
    }

    #[test]
    fn encodings() {
        let utf32: Vec<u8> = "<a>\u{b144}</a>"
            .chars()
            .flat_map(|c| (c as u32).to_be_bytes())
            .collect();
        check(&utf32, None, "<a>\u{b144}</a>", "UTF-32");
        check(b"\xEF\xBB\xBF<rss>caf\xC3\xA9</rss>", None, "café", "UTF-8");
        check(b"\xFF\xFE<\0a\0>\0", None, "<a>", "UTF-16LE");
        check(b"<\0a\0>\0", None, "<a>", "UTF-16LE");
        check(b"<rss>caf\xC3\xA9</rss>", None, "café", "UTF-8");
        // Undeclared windows-1252 smart quote.
        check(
            b"<rss>don\x92t stop</rss>",
            None,
            "don\u{2019}t",
            "windows-1252",
        );
        check(
            b"<?xml version='1.0' encoding='iso-8859-1'?><rss>caf\xE9</rss>",
            None,
            "café",
            "windows-1252",
        );
        // HTTP charset wins over the declaration.
        check(
            b"<?xml version='1.0' encoding='utf-8'?><rss>\x92</rss>",
            Some("text/xml; charset=windows-1252"),
            "\u{2019}",
            "windows-1252",
        );
        // A server's default Latin-1 label on a UTF-8 document is overruled.
        check(
            "<rss>caf\u{e9} \u{2019}</rss>".as_bytes(),
            Some("text/xml; charset=ISO-8859-1"),
            "café \u{2019}",
            "UTF-8",
        );
        check(
            "<?xml version='1.0' encoding='iso-8859-1'?><rss>\u{2019}</rss>".as_bytes(),
            None,
            "\u{2019}",
            "UTF-8",
        );
        // A wrong declaration falls back to a guess.
        check(
            b"<?xml version='1.0' encoding='utf-8'?><rss>caf\xE9 cr\xE8me</rss>",
            None,
            "café",
            "windows-1252",
        );
        // Too little text to judge, and a byte windows-1252 leaves undefined: ISO-8859-2.
        check(
            b"<?xml version='1.0' encoding='utf-8'?><rss>\x9D \xA9 \xE8</rss>",
            None,
            "\u{9d} \u{160} \u{10d}",
            "ISO-8859-2",
        );
        check(
            b"<?xml version=\"1.0\" encoding=\"euc-kr\"?><t>\xB3\xE2</t>",
            None,
            "\u{b144}",
            "EUC-KR",
        );
    }
}
