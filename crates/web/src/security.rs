//! Security headers on every response, and the conditional GET of responses the page cache
//! does not hold.
//!
//! The default theme runs no script at all and loads its one stylesheet from the site, so its
//! Content-Security-Policy allows no script, styles and fonts from the site only, images from
//! the site (all of them, when the media proxy is on; else also from publishers over https),
//! and frames only from the video hosts the sanitizer lets through. A site owner whose ad
//! snippet loads an ad network's script sets `site.content_security_policy` to allow it.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::cache::{etag_of, matches_tag};

/// The headers added to every response that does not set them itself.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl SecurityHeaders {
    /// The headers for a site at `base_url`; `csp` replaces the theme's policy.
    pub fn new(base_url: &str, csp: Option<&str>, proxied_images: bool) -> Self {
        let https = base_url.starts_with("https://");
        let policy = match csp {
            Some(own) => own.to_owned(),
            None => default_policy(proxied_images, https),
        };
        let mut headers = vec![
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("strict-origin-when-cross-origin"),
            ),
            (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
            (
                HeaderName::from_static("cross-origin-opener-policy"),
                HeaderValue::from_static("same-origin"),
            ),
        ];
        if let Ok(v) = HeaderValue::from_str(&policy) {
            headers.push((header::CONTENT_SECURITY_POLICY, v));
        } else {
            tracing::warn!("the configured Content-Security-Policy is not a valid header value");
        }
        if https {
            headers.push((
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000"),
            ));
        }
        SecurityHeaders { headers }
    }
}

fn default_policy(proxied_images: bool, https: bool) -> String {
    let images = if proxied_images {
        "'self' data:"
    } else {
        "'self' data: https: http:"
    };
    let frames = gazette_extract::VIDEO_HOSTS
        .iter()
        .map(|h| format!("https://{h}"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut policy = format!(
        "default-src 'self'; script-src 'none'; style-src 'self'; img-src {images}; \
         font-src 'self'; media-src 'self' https:; frame-src {frames}; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if https {
        policy.push_str("; upgrade-insecure-requests");
    }
    policy
}

/// Adds the security headers a response lacks.
pub async fn add_security_headers(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    for (name, value) in &state.security().headers {
        if !h.contains_key(name) {
            h.insert(name, value.clone());
        }
    }
    response
}

/// Largest uncached body given an ETag.
const MAX_TAGGED_BYTES: usize = 2 * 1024 * 1024;

/// ETag and 304 for successful GETs the page cache does not hold (search, the API): the body
/// is hashed as it leaves, so a client that has it is answered without it.
pub async fn conditional_get(req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return next.run(req).await;
    }
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(req).await;
    let textual = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/") || t.starts_with("application/"));
    if response.status() != StatusCode::OK
        || !textual
        || response.headers().contains_key(header::ETAG)
        || response.headers().contains_key(header::CONTENT_ENCODING)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_TAGGED_BYTES).await {
        Ok(b) => b,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let tag = etag_of(&bytes);
    if let Ok(v) = HeaderValue::from_str(&format!("\"{tag}\"")) {
        parts.headers.insert(header::ETAG, v);
    }
    if matches_tag(if_none_match.as_ref(), &tag) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.remove(header::CONTENT_TYPE);
        return Response::from_parts(parts, axum::body::Body::empty());
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(h: &SecurityHeaders, name: HeaderName) -> Option<String> {
        h.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_str().unwrap().to_owned())
    }

    #[test]
    fn the_theme_policy_allows_no_script_and_hsts_needs_https() {
        let h = SecurityHeaders::new("http://news.example", None, true);
        let csp = value(&h, header::CONTENT_SECURITY_POLICY).unwrap();
        assert!(csp.contains("script-src 'none'"), "{csp}");
        assert!(csp.contains("img-src 'self' data:;"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("https://www.youtube-nocookie.com"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(value(&h, header::STRICT_TRANSPORT_SECURITY), None);
        let h = SecurityHeaders::new("https://news.example", None, false);
        let csp = value(&h, header::CONTENT_SECURITY_POLICY).unwrap();
        assert!(csp.contains("img-src 'self' data: https: http:;"), "{csp}");
        assert!(csp.ends_with("upgrade-insecure-requests"), "{csp}");
        assert!(value(&h, header::STRICT_TRANSPORT_SECURITY).is_some());
        let h = SecurityHeaders::new("https://news.example", Some("default-src 'self'"), true);
        assert_eq!(
            value(&h, header::CONTENT_SECURITY_POLICY).as_deref(),
            Some("default-src 'self'")
        );
    }
}
