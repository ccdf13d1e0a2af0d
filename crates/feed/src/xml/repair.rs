//! Text-level repairs: stray `<`, unclosed CDATA, references, and encoding accidents.

/// Removes the control characters XML forbids (all of C0 but tab, line feed and carriage
/// return). They arrive as raw bytes or as references such as `&#1;`, and some databases
/// refuse them.
pub(super) fn strip_controls(t: &mut String) {
    let forbidden = |c: char| c < ' ' && !matches!(c, '\t' | '\n' | '\r');
    if t.bytes()
        .any(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
    {
        t.retain(|c| !forbidden(c));
    }
}

/// Repairs two common encoding accidents in a text run, in place:
/// UTF-8 that was read as Latin-1 and re-encoded ("double-encoded": `â€¦` for `…`), and C1
/// control characters standing for windows-1252 punctuation (`\u{92}` for `’`). Returns
/// whether double-encoded text was found.
pub(super) fn repair_text(t: &mut String) -> bool {
    // Both defects need a character in U+0080..U+00BF (UTF-8 lead byte 0xC2): a C1 control or
    // the continuation half of a double-encoded sequence.
    if !t.as_bytes().contains(&0xC2) {
        return false;
    }
    if t.chars().all(|c| (c as u32) < 0x100) {
        let bytes: Vec<u8> = t.chars().map(|c| c as u32 as u8).collect();
        if let Ok(s) = std::str::from_utf8(&bytes)
            && s.chars().any(|c| (c as u32) >= 0x80)
        {
            *t = s.to_owned();
            return true;
        }
    }
    if t.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
        *t = t
            .chars()
            .map(|c| {
                if ('\u{80}'..='\u{9f}').contains(&c) {
                    let byte = [c as u32 as u8];
                    let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
                    s.chars().next().unwrap_or(c)
                } else {
                    c
                }
            })
            .collect();
    }
    false
}

/// Escapes each `<` that cannot start markup (`a < b`, `I <3 feeds`), which hand-written feeds
/// leave in text; an XML reader would otherwise take it for a tag and swallow the text after it.
/// Comments, CDATA sections, declarations and the inside of tags are left alone.
pub(super) fn escape_stray_lt(text: &str) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    // Byte ranges to replace: a stray `<` becomes `&lt;`, the opener of a CDATA section that is
    // never closed is dropped (its HTML is then read as markup instead of eating the document).
    let mut edits: Vec<(usize, usize, &str)> = Vec::new();
    // Where the last CDATA terminator starts: an opener after it is never closed.
    let last_cdata_end = text.rfind("]]>");
    let mut i = 0;
    let skip_to = |from: usize, pat: &str| {
        text[from..]
            .find(pat)
            .map_or(b.len(), |at| from + at + pat.len())
    };
    while let Some(off) = text[i..].find('<') {
        let at = i + off;
        let next = b.get(at + 1).copied();
        i = match next {
            Some(b'!') if text[at..].starts_with("<!--") => skip_to(at + 4, "-->"),
            Some(b'!') if text[at..].starts_with("<![CDATA[") => {
                if last_cdata_end.is_some_and(|end| end >= at + 9) {
                    skip_to(at + 9, "]]>")
                } else {
                    edits.push((at, at + 9, ""));
                    at + 9
                }
            }
            Some(b'!') => {
                // A declaration; a DOCTYPE may hold an internal subset in brackets.
                let mut j = at + 2;
                let mut depth = 0i32;
                while j < b.len() {
                    match b[j] {
                        b'[' => depth += 1,
                        b']' => depth -= 1,
                        b'>' if depth <= 0 => break,
                        _ => {}
                    }
                    j += 1;
                }
                j + 1
            }
            Some(b'?') => skip_to(at + 2, "?>"),
            Some(c)
                if c == b'/' || c == b'_' || c == b':' || c.is_ascii_alphabetic() || c >= 0x80 =>
            {
                let mut j = at + 1;
                let mut quote = None;
                while j < b.len() {
                    match (b[j], quote) {
                        (q @ (b'"' | b'\''), None) => quote = Some(q),
                        (q, Some(open)) if q == open => quote = None,
                        (b'>', None) => break,
                        // A tag that runs into the next tag lost its `>`; stop here.
                        (b'<', None) => {
                            j -= 1;
                            break;
                        }
                        _ => {}
                    }
                    j += 1;
                }
                j + 1
            }
            _ => {
                edits.push((at, at + 1, "&lt;"));
                at + 1
            }
        };
        if i >= b.len() {
            break;
        }
    }
    if edits.is_empty() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + edits.len() * 3);
    let mut last = 0;
    for (start, end, replacement) in edits {
        out.push_str(&text[last..start]);
        out.push_str(replacement);
        last = end;
    }
    out.push_str(&text[last..]);
    out.into()
}

/// Decodes a numeric character reference (`#233`, `#xE9`). Code points in the C1 range are
/// kept here and read as windows-1252 by [`repair_text`].
pub(crate) fn char_reference(name: &str) -> Option<char> {
    let num = name.strip_prefix('#')?;
    let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
        u32::from_str_radix(hex, 16).ok()?
    } else {
        num.parse::<u32>().ok()?
    };
    match code {
        0 => None,
        c => char::from_u32(c),
    }
}

/// Replaces every `&name;` in `raw` for which `resolve` gives a value; leaves the rest as is.
pub(crate) fn unescape_with(raw: &str, resolve: impl Fn(&str) -> Option<String>) -> String {
    if !raw.contains('&') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..]
            .find(|c: char| c == ';' || c == '&' || c.is_whitespace() || c == '<')
            .map(|i| i + 1);
        match end {
            Some(end) if rest.as_bytes()[end] == b';' && end > 1 => {
                let name = &rest[1..end];
                match resolve(name) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&rest[..=end]),
                }
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
