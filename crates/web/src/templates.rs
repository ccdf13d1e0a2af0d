//! Template loading: the embedded default theme plus a site owner's overrides.
//!
//! Every template, embedded or from the theme directory, is rendered with HTML autoescaping:
//! minijinja would otherwise pick escaping from the file name, and a theme file named `.txt`
//! must not open an injection hole.

use std::path::Path;

use std::sync::{Arc, OnceLock};

use minijinja::{AutoEscape, Environment};

use crate::media::MediaProxy;

const EMBEDDED: &[(&str, &str)] = &[
    ("base.html", include_str!("../assets/templates/base.html")),
    (
        "macros.html",
        include_str!("../assets/templates/macros.html"),
    ),
    ("home.html", include_str!("../assets/templates/home.html")),
    (
        "article.html",
        include_str!("../assets/templates/article.html"),
    ),
    ("list.html", include_str!("../assets/templates/list.html")),
    (
        "topics.html",
        include_str!("../assets/templates/topics.html"),
    ),
    (
        "sources.html",
        include_str!("../assets/templates/sources.html"),
    ),
    ("error.html", include_str!("../assets/templates/error.html")),
    ("story.html", include_str!("../assets/templates/story.html")),
];

const EMBEDDED_CSS: &str = include_str!("../assets/style.css");

/// Why the theme could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("cannot read theme file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("theme template {name} is invalid: {source}")]
    Invalid {
        name: String,
        source: minijinja::Error,
    },
}

/// The compiled templates and the stylesheet with its content hash.
pub struct Templates {
    env: Environment<'static>,
    pub css: String,
    /// `/static/style.<hash>.css`: the URL changes when the CSS does, so it can be cached forever.
    pub css_path: String,
}

impl Templates {
    /// Loads the embedded theme, then any `templates/*.html` and `static/style.css` found in
    /// `theme_dir`.
    ///
    /// The `media` filter turns an image URL into the site's proxied address once a
    /// [`MediaProxy`] is set in `media` (and leaves it as it is until then).
    pub fn load(
        theme_dir: Option<&Path>,
        media: Arc<OnceLock<MediaProxy>>,
    ) -> Result<Self, TemplateError> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        env.add_filter("media", move |url: String| -> String {
            match media.get() {
                Some(proxy) => proxy.url_for(&url),
                None => url,
            }
        });
        for (name, source) in EMBEDDED {
            env.add_template(name, source)
                .map_err(|source| TemplateError::Invalid {
                    name: (*name).into(),
                    source,
                })?;
        }
        let mut css = EMBEDDED_CSS.to_string();
        if let Some(dir) = theme_dir {
            for (name, _) in EMBEDDED {
                let path = dir.join("templates").join(name);
                if let Some(source) = read_optional(&path)? {
                    env.add_template_owned(name.to_string(), source)
                        .map_err(|source| TemplateError::Invalid {
                            name: (*name).into(),
                            source,
                        })?;
                }
            }
            if let Some(theme_css) = read_optional(&dir.join("static").join("style.css"))? {
                css = theme_css;
            }
        }
        let css_path = format!(
            "/static/style.{}.css",
            &gazette_story::short_hash(&[&css])[..10]
        );
        Ok(Templates { env, css, css_path })
    }

    /// Renders a template with a serializable context.
    pub fn render(&self, name: &str, ctx: minijinja::Value) -> Result<String, minijinja::Error> {
        self.env.get_template(name)?.render(ctx)
    }
}

fn read_optional(path: &Path) -> Result<Option<String>, TemplateError> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(TemplateError::Read {
            path: path.display().to_string(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_overrides_are_escaped_too() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/error.html"),
            "<b>{{ heading }}</b>",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        std::fs::write(dir.path().join("static/style.css"), "body{color:red}").unwrap();
        let t = Templates::load(Some(dir.path()), Arc::default()).unwrap();
        let out = t
            .render(
                "error.html",
                minijinja::context! { heading => "<script>x</script>" },
            )
            .unwrap();
        assert_eq!(out, "<b>&lt;script&gt;x&lt;&#x2f;script&gt;</b>");
        assert_eq!(t.css, "body{color:red}");
        let default = Templates::load(None, Arc::default()).unwrap();
        assert_ne!(default.css_path, t.css_path);
    }

    #[test]
    fn a_broken_theme_template_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/home.html"), "{% if %}").unwrap();
        let err = Templates::load(Some(dir.path()), Arc::default())
            .err()
            .unwrap();
        assert!(err.to_string().contains("home.html"), "{err}");
    }
}
