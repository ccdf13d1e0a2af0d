//! HTML to plain text: what a search index, an excerpt or a word count sees.
//!
//! Block elements become paragraphs separated by a blank line ("\n\n"), `<br>`
//! becomes a line break, table cells are separated by a space, runs of
//! whitespace collapse (except inside `<pre>`). The walk is iterative so a
//! deeply nested fragment cannot overflow the stack.

use dom_query::{Document, NodeData, NodeRef};

/// Elements after and before which a paragraph break is placed.
pub(crate) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "figure"
            | "figcaption"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "nav"
            | "main"
            | "hr"
            | "address"
            | "details"
            | "summary"
            | "caption"
            | "center"
            | "body"
            | "html"
            | "form"
            | "fieldset"
            | "picture"
            | "iframe"
    )
}

/// Elements whose content is never text a reader sees.
fn is_invisible(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "template"
            | "noscript"
            | "head"
            | "title"
            | "svg"
            | "select"
            | "textarea"
            | "button"
            | "object"
            | "embed"
            | "canvas"
    )
}

/// Plain text of an HTML fragment, paragraphs separated by "\n\n".
pub fn html_to_text(html: &str) -> String {
    let html = crate::limits::simplify_markup(html, crate::limits::MAX_MARKUP_DEPTH);
    let doc = Document::fragment(html.as_ref());
    node_text(&doc.root(), false)
}

/// Is this element an image caption or credit (only the story's prose is wanted)?
fn is_caption(node: &NodeRef, name: &str) -> bool {
    if name == "figcaption" {
        return true;
    }
    crate::clean::word_flags(node) & crate::clean::CAPTION != 0
}

/// Plain text of a node's subtree, with the same rules as [`html_to_text`].
/// With `prose`, image captions and credits are left out: the text is then
/// the story as read, which is what excerpts, word counts and search use.
pub(crate) fn node_text(root: &NodeRef, prose: bool) -> String {
    let mut w = Writer::default();
    // (node, entering): a node is pushed twice, once to open and once to close.
    let mut stack: Vec<(NodeRef, bool)> = vec![(*root, true)];
    while let Some((node, entering)) = stack.pop() {
        if node.is_text() {
            let pre = w.pre_depth > 0;
            node.query(|n| {
                if let NodeData::Text { contents } = &n.data {
                    w.text(contents, pre);
                }
            });
            continue;
        }
        let el = node.element_ref();
        let name: &str = el.as_ref().map_or("", |el| &el.name.local);
        if !entering {
            if name == "pre" {
                w.pre_depth -= 1;
            }
            if is_block(name) {
                w.paragraph_break();
            } else if matches!(name, "td" | "th") {
                w.space();
            }
            continue;
        }
        if node.is_element() {
            if is_invisible(name) || (prose && is_caption(&node, name)) {
                continue;
            }
            match name {
                "br" => {
                    w.line_break();
                    continue;
                }
                "img" => continue,
                "pre" => w.pre_depth += 1,
                _ => {}
            }
            if is_block(name) {
                w.paragraph_break();
            }
        } else if !(node.is_document() || node.is_fragment()) {
            continue;
        }
        stack.push((node, false));
        stack.extend(node.children_it(true).map(|c| (c, true)));
    }
    w.finish()
}

/// Accumulates text, keeping track of pending spaces and breaks so that
/// whitespace never doubles and never leads or trails a paragraph.
#[derive(Default)]
struct Writer {
    out: String,
    /// 0 = nothing pending, 1 = a space, 2 = a line break, 3 = a paragraph break.
    pending: u8,
    pre_depth: usize,
}

impl Writer {
    fn want(&mut self, level: u8) {
        if !self.out.is_empty() && level > self.pending {
            self.pending = level;
        }
    }
    fn space(&mut self) {
        self.want(1);
    }
    fn line_break(&mut self) {
        self.want(2);
    }
    fn paragraph_break(&mut self) {
        self.want(3);
    }
    fn flush(&mut self) {
        match std::mem::take(&mut self.pending) {
            1 => self.out.push(' '),
            2 => self.out.push('\n'),
            3 => self.out.push_str("\n\n"),
            _ => {}
        }
    }
    fn text(&mut self, text: &str, preformatted: bool) {
        if preformatted {
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    self.line_break();
                }
                if !line.trim().is_empty() {
                    self.flush();
                    self.out.push_str(line.trim_end());
                }
            }
            return;
        }
        let mut first = true;
        let starts_with_space = text.starts_with(char::is_whitespace);
        for word in text.split_whitespace() {
            if first {
                if starts_with_space {
                    self.space();
                }
                first = false;
            } else {
                self.space();
            }
            self.flush();
            if word.contains('\u{ad}') {
                self.out.push_str(&word.replace('\u{ad}', ""));
            } else {
                self.out.push_str(word);
            }
        }
        if !first && text.ends_with(char::is_whitespace) {
            self.space();
        }
        if first && !text.is_empty() {
            // whitespace only
            self.space();
        }
    }
    fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::html_to_text;

    fn check(html: &str, expect: &str) {
        assert_eq!(html_to_text(html), expect, "input: {html}");
    }

    #[test]
    fn paragraphs_are_separated_by_blank_lines() {
        check("<p>One  two</p><p>three</p>", "One two\n\nthree");
        check(
            "<div><h2>Head</h2>text <b>bold</b>, more</div>",
            "Head\n\ntext bold, more",
        );
    }

    #[test]
    fn inline_elements_do_not_break_words() {
        check("<p>wo<i>rd</i> next</p>", "word next");
    }

    #[test]
    fn lists_and_breaks() {
        check("<ul><li>a</li><li>b</li></ul>x<br>y", "a\n\nb\n\nx\ny");
    }

    #[test]
    fn tables_and_pre() {
        check(
            "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
            "a b\n\nc",
        );
        check("<pre>line 1\n  line 2</pre>", "line 1\n  line 2");
    }

    #[test]
    fn scripts_are_not_text() {
        check("<p>a<script>var x;</script></p><style>p{}</style>", "a");
    }
}
