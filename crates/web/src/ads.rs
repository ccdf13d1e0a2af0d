//! In-article ad slots: labelled, reserved-height boxes placed between top-level paragraphs of
//! the (already sanitized) article body.

/// Elements that never have an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Inserts `slot(n)` after every `every` top-level paragraphs of `html`, never after the last
/// block (a slot must sit between paragraphs, not after the end of the story).
///
/// `html` is well-formed serialized HTML as the sanitizer produces it; the scan tracks element
/// depth so that paragraphs inside quotes, lists or figures are not counted.
pub fn insert_ad_slots(html: &str, every: usize, slot: impl Fn(usize) -> String) -> String {
    if every == 0 {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 512);
    let mut depth: usize = 0;
    let mut paragraphs = 0;
    let mut slots = 0;
    let mut pending = false;
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < html.len() {
        if bytes[i] != b'<' {
            let next = html[i..].find('<').map_or(html.len(), |n| i + n);
            if pending && depth == 0 && !html[i..next].trim().is_empty() {
                slots += 1;
                out.push_str(&slot(slots));
                pending = false;
            }
            out.push_str(&html[i..next]);
            i = next;
            continue;
        }
        let end = html[i..].find('>').map_or(html.len(), |n| i + n + 1);
        let tag = &html[i..end];
        let closing = tag.starts_with("</");
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if !closing && depth == 0 && pending && !name.is_empty() {
            slots += 1;
            out.push_str(&slot(slots));
            pending = false;
        }
        out.push_str(tag);
        if name.is_empty() || tag.starts_with("<!") {
            // Comments, doctypes and stray '<' do not change depth.
        } else if closing {
            depth = depth.saturating_sub(1);
            if depth == 0 && name == "p" {
                paragraphs += 1;
                if paragraphs % every == 0 {
                    pending = true;
                }
            }
        } else if !VOID.contains(&name.as_str()) && !tag.ends_with("/>") {
            depth += 1;
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(n: usize) -> String {
        format!("[AD{n}]")
    }

    #[test]
    fn slots_go_between_top_level_paragraphs() {
        let html = "<p>1</p><p>2</p><p>3</p><p>4</p><p>5</p>";
        assert_eq!(
            insert_ad_slots(html, 2, slot),
            "<p>1</p><p>2</p>[AD1]<p>3</p><p>4</p>[AD2]<p>5</p>"
        );
    }

    #[test]
    fn never_after_the_last_block() {
        assert_eq!(
            insert_ad_slots("<p>1</p><p>2</p>", 2, slot),
            "<p>1</p><p>2</p>"
        );
        assert_eq!(
            insert_ad_slots("<p>1</p><p>2</p>\n", 2, slot),
            "<p>1</p><p>2</p>\n"
        );
    }

    #[test]
    fn nested_paragraphs_do_not_count() {
        let html = "<p>1</p><blockquote><p>q</p><p>q</p></blockquote><p>2</p><img src=x><p>3</p>";
        let out = insert_ad_slots(html, 2, slot);
        assert_eq!(
            out,
            "<p>1</p><blockquote><p>q</p><p>q</p></blockquote><p>2</p>[AD1]<img src=x><p>3</p>"
        );
    }

    #[test]
    fn zero_turns_slots_off_and_garbage_is_kept() {
        assert_eq!(
            insert_ad_slots("<p>1</p><p>2</p>", 0, slot),
            "<p>1</p><p>2</p>"
        );
        assert_eq!(insert_ad_slots("a < b <p", 1, slot), "a < b <p");
    }
}
