//! robots.txt (RFC 9309): which paths of a site our user agent may fetch, and how slowly.
//!
//! Parsing is lenient: unknown lines are skipped, a file that cannot be read as rules
//! allows everything. The groups naming our product token win over `*`; within the
//! chosen groups the longest matching rule decides, `Allow` winning a tie.

use std::time::Duration;

/// The rules of one robots.txt that apply to our user agent.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Robots {
    rules: Vec<Rule>,
    /// `Crawl-delay` of the chosen groups (a non-standard but common extension).
    pub(crate) crawl_delay: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq)]
struct Rule {
    allow: bool,
    pattern: String,
}

#[derive(Default)]
struct Group {
    agents: Vec<String>,
    rules: Vec<Rule>,
    crawl_delay: Option<Duration>,
}

impl Robots {
    /// Everything allowed (no robots.txt, or one that failed with a 4xx).
    pub(crate) fn allow_all() -> Self {
        Self::default()
    }

    /// Parses `text` and keeps the groups that apply to `agent`, the product token of
    /// our user agent (matched case-insensitively).
    pub(crate) fn parse(text: &str, agent: &str) -> Self {
        let agent = agent.to_ascii_lowercase();
        let mut groups: Vec<Group> = Vec::new();
        // Whether the previous meaningful line was a user-agent line (so consecutive
        // user-agent lines share one group).
        let mut in_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if !in_agents || groups.is_empty() {
                        groups.push(Group::default());
                    }
                    if let Some(g) = groups.last_mut() {
                        g.agents.push(value.to_ascii_lowercase());
                    }
                    in_agents = true;
                }
                "allow" | "disallow" => {
                    in_agents = false;
                    let Some(g) = groups.last_mut() else { continue };
                    if value.is_empty() {
                        // "Disallow:" with no path allows everything: no rule.
                        continue;
                    }
                    g.rules.push(Rule {
                        allow: key == "allow",
                        pattern: normalize(value),
                    });
                }
                "crawl-delay" => {
                    in_agents = false;
                    let Some(g) = groups.last_mut() else { continue };
                    if let Ok(secs) = value.parse::<f64>()
                        && secs.is_finite()
                        && secs >= 0.0
                    {
                        g.crawl_delay = Some(Duration::from_secs_f64(secs.min(86_400.0)));
                    }
                }
                _ => {
                    // Sitemap and unknown keys do not end a group's agent list in
                    // practice, but they are not rules either.
                }
            }
        }

        let named = |g: &&Group| g.agents.iter().any(|a| !a.is_empty() && *a == agent);
        let star = |g: &&Group| g.agents.iter().any(|a| a == "*");
        let chosen: Vec<&Group> = if groups.iter().any(|g| named(&g)) {
            groups.iter().filter(named).collect()
        } else {
            groups.iter().filter(star).collect()
        };
        Robots {
            rules: chosen.iter().flat_map(|g| g.rules.clone()).collect(),
            crawl_delay: chosen.iter().filter_map(|g| g.crawl_delay).max(),
        }
    }

    /// Whether `path` (path and query of the URL, as sent on the wire) may be fetched.
    pub(crate) fn allows(&self, path: &str) -> bool {
        if path == "/robots.txt" {
            return true;
        }
        let path = normalize(path);
        let path = path.as_str();
        let mut best: Option<(usize, bool)> = None;
        for rule in &self.rules {
            if matches(&rule.pattern, path) {
                let len = rule.pattern.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, rule.allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Puts a pattern or a path in one form for comparison: non-ASCII bytes
/// percent-encoded, and percent escapes in upper case (as RFC 9309 §2.2.2 asks).
fn normalize(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            out.push('%');
            out.push(bytes[i + 1].to_ascii_uppercase() as char);
            out.push(bytes[i + 2].to_ascii_uppercase() as char);
            i += 3;
            continue;
        }
        if b.is_ascii() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
        i += 1;
    }
    out
}

/// Matches a robots.txt path pattern (`*` any run of characters, `$` at the end anchors).
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = path.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        // No `*`: a plain prefix, or the whole path when anchored.
        return !anchored || rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    if anchored {
        rest.ends_with(last)
    } else {
        rest.contains(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# comment
User-agent: *
Disallow: /private/
Allow: /private/open
Disallow: /*.pdf$
Crawl-delay: 2

User-agent: OtherBot
User-agent: gazette
Disallow: /no-gazette
Crawl-delay: 0.5
";

    #[test]
    fn named_group_wins_over_star() {
        let r = Robots::parse(FILE, "Gazette");
        assert!(!r.allows("/no-gazette/x"));
        assert!(r.allows("/private/x"));
        assert_eq!(r.crawl_delay, Some(Duration::from_millis(500)));
    }

    #[test]
    fn star_group_and_longest_match() {
        let r = Robots::parse(FILE, "somebot");
        let cases = [
            ("/", true),
            ("/private/", false),
            ("/private/secret", false),
            ("/private/open", true),
            ("/private/open/more", true),
            ("/doc.pdf", false),
            ("/doc.pdf?x=1", true),
            ("/robots.txt", true),
        ];
        for (path, want) in cases {
            assert_eq!(r.allows(path), want, "{path}");
        }
        assert_eq!(r.crawl_delay, Some(Duration::from_secs(2)));
    }

    #[test]
    fn lenient_with_junk_and_empty_disallow() {
        let r = Robots::parse("<html>oops</html>\nUser-agent: *\nDisallow:\n", "g");
        assert!(r.allows("/anything"));
        let r = Robots::parse("Disallow: /orphan\n", "g");
        assert!(r.allows("/orphan"));
        let r = Robots::parse("User-agent: *\nDisallow: /\n", "g");
        assert!(!r.allows("/"));
        assert!(!r.allows("/a?b"));
    }

    #[test]
    fn percent_encoding_is_compared_in_one_form() {
        let r = Robots::parse("User-agent: *\nDisallow: /café\nDisallow: /a%2fb\n", "g");
        assert!(!r.allows("/caf%C3%A9/menu"));
        assert!(!r.allows("/caf%c3%a9"));
        assert!(!r.allows("/a%2Fb"));
        assert!(r.allows("/a/b"));
    }

    #[test]
    fn wildcard_patterns() {
        assert!(matches("/a*/b", "/a/x/y/b/c"));
        assert!(!matches("/a*/b$", "/a/x/b/c"));
        assert!(matches("/a*/b$", "/a/x/b"));
        assert!(matches("*", "/"));
        assert!(matches("/x$", "/x"));
        assert!(!matches("/x$", "/xy"));
    }
}
