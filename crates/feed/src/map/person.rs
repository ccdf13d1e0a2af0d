//! Authors: Atom person constructs and the textual forms RSS uses.

use super::non_empty;
use crate::Person;
use crate::urls::resolve;
use crate::xml::Element;

/// An Atom person construct or a textual author such as `Name (email)`.
pub(super) fn read_person(el: &Element) -> Option<Person> {
    if el.has_elements() {
        let name = el.child("", "name").and_then(Element::text_opt);
        let email = el.child("", "email").and_then(Element::text_opt);
        let uri = el
            .child("", "uri")
            .or_else(|| el.child("", "url"))
            .or_else(|| el.child("", "homepage"))
            .and_then(Element::text_opt)
            .map(|u| resolve(el.base.as_deref(), &u));
        if name.is_none() && email.is_none() && uri.is_none() {
            return parse_person(&el.text());
        }
        return Some(Person { name, email, uri });
    }
    parse_person(&el.text())
}

/// Splits `Name (email)`, `email (Name)`, `Name <email>` and bare forms.
pub(crate) fn parse_person(s: &str) -> Option<Person> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    // Most authors are a bare name: no allocation beyond the result.
    if !s.contains('@') {
        let name =
            s.trim_matches(|c: char| matches!(c, '(' | ')' | '<' | '>') || c.is_whitespace());
        return non_empty(name).map(|name| Person {
            name: Some(name),
            email: None,
            uri: None,
        });
    }
    let mut email = None;
    let mut rest = s.to_owned();
    if let Some(tok) = s
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '[' | ']'))
        .find(|t| t.contains('@') && !t.starts_with('@') && !t.ends_with('@'))
    {
        let clean = tok
            .trim_start_matches("mailto:")
            .trim_matches(['"', '\'', ',']);
        email = Some(clean.to_owned());
        rest = s.replacen(tok, "", 1);
    }
    let name = rest
        .replace("()", "")
        .replace("<>", "")
        .replace("[]", "")
        .trim()
        .trim_matches(|c: char| matches!(c, '(' | ')' | '<' | '>') || c.is_whitespace())
        .trim()
        .to_owned();
    let name = non_empty(&name);
    (name.is_some() || email.is_some()).then_some(Person {
        name,
        email,
        uri: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_person(input: &str, name: Option<&str>, email: Option<&str>) {
        let p = parse_person(input).unwrap();
        assert_eq!(p.name.as_deref(), name, "{input}");
        assert_eq!(p.email.as_deref(), email, "{input}");
    }

    #[test]
    fn person_forms() {
        check_person(
            "Example editor (me@example.com)",
            Some("Example editor"),
            Some("me@example.com"),
        );
        check_person(
            "me@example.com (Example editor)",
            Some("Example editor"),
            Some("me@example.com"),
        );
        check_person(
            "Jane Doe <jane@example.com>",
            Some("Jane Doe"),
            Some("jane@example.com"),
        );
        check_person("jane@example.com", None, Some("jane@example.com"));
        check_person("Jane Doe", Some("Jane Doe"), None);
        assert_eq!(parse_person("<>"), None);
        assert_eq!(parse_person("()"), None);
    }
}
