//! The media proxy: the site serves the images of its stories from its own address.
//!
//! Readers' browsers then never contact the publishers (no third-party requests, no mixed
//! content on an https site), and images of sources only the server can reach (the offline
//! demo's wire on 127.0.0.1, a feed on a private network) still show. A proxied address is
//! `/media/{signature}/{url}`: the original URL in unpadded base64url, signed with HMAC-SHA256
//! under a key of this installation, so the route fetches only URLs the site itself wrote into
//! a page and is no open proxy. Fetches go through the one [`Fetcher`] (SSRF guard, redirect,
//! size and time limits) and must answer `image/*`; bodies are kept in a small in-memory cache
//! bounded in bytes. Only JPEG, PNG, GIF, WebP, AVIF and SVG are served, each with the type its
//! bytes show (the origin's Content-Type is not trusted: `image/png, text/html` would render as a
//! page of this site). An SVG can carry script: in an `<img>` a browser never runs it, and opened
//! on its own it is a sandboxed document with no script allowed, since every response carries a
//! sandboxing Content-Security-Policy and `nosniff`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use gazette_fetch::Fetcher;
use ring::hmac;

/// Largest image fetched and served.
const MAX_IMAGE_BYTES: u64 = 8 * 1024 * 1024;
/// Time allowed for one fetch.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);
/// Bytes of images kept in memory.
const CACHE_BYTES: usize = 48 * 1024 * 1024;
/// Bytes of the HMAC kept in the address (128 bits).
const SIGNATURE_BYTES: usize = 16;
/// Longest original URL proxied.
const MAX_URL_BYTES: usize = 2048;

/// A fetched image.
#[derive(Debug, Clone)]
pub struct Image {
    pub content_type: &'static str,
    pub body: Bytes,
}

/// Why a proxied image cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The address was not written by this site (bad signature or encoding).
    #[error("unknown media address")]
    Unknown,
    /// The origin failed, or answered something that is not an image.
    #[error("{0}")]
    Fetch(#[from] gazette_fetch::FetchError),
    /// The origin's bytes are not an image type the proxy serves.
    #[error("the origin's answer is not a JPEG, PNG, GIF, WebP, AVIF or SVG image")]
    NotAnImage,
}

/// The type of an image from its first bytes, for the types browsers show in `<img>`; `None`
/// for anything else (HTML, unknown).
pub fn sniff_image_type(bytes: &[u8]) -> Option<&'static str> {
    if is_svg(bytes) {
        return Some("image/svg+xml");
    }
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some("image/png"),
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Some("image/gif"),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some("image/webp"),
        [
            _,
            _,
            _,
            _,
            b'f',
            b't',
            b'y',
            b'p',
            b'a',
            b'v',
            b'i',
            b'f' | b's',
            ..,
        ] => Some("image/avif"),
        _ => None,
    }
}

/// An XML document whose root element is `<svg`: after an optional byte order mark, XML
/// declaration, comments, doctype and white space, the first element must be `svg`.
fn is_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let Ok(text) =
        std::str::from_utf8(head).or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]))
    else {
        return false;
    };
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        let skip_to = if rest.starts_with("<?") {
            rest.find("?>").map(|i| i + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|i| i + 3)
        } else if rest.starts_with("<!") {
            // Only an SVG doctype: `<!doctype html>` makes an HTML page.
            rest.find('>')
                .filter(|&i| rest[..i].to_ascii_lowercase().contains("svg"))
                .map(|i| i + 1)
        } else {
            break;
        };
        match skip_to {
            Some(i) => rest = &rest[i..],
            None => return false,
        }
    }
    rest.strip_prefix("<svg")
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/'))
}

#[derive(Default)]
struct Cache {
    images: HashMap<String, (Image, u64)>,
    bytes: usize,
    clock: u64,
}

/// Signs image URLs into site addresses and serves them. Cheap to clone.
#[derive(Clone)]
pub struct MediaProxy {
    key: hmac::Key,
    fetcher: Fetcher,
    cache: Arc<Mutex<Cache>>,
}

impl MediaProxy {
    /// A proxy signing with `secret` (keep it per installation: see [`MediaProxy::load_key`])
    /// and fetching with `fetcher`.
    pub fn new(secret: &[u8], fetcher: Fetcher) -> Self {
        MediaProxy {
            key: hmac::Key::new(hmac::HMAC_SHA256, secret),
            fetcher,
            cache: Arc::default(),
        }
    }

    /// The installation's key in `path`, created (32 random bytes, readable by the owner
    /// only) when missing or too short.
    pub fn load_key(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
        if let Ok(key) = std::fs::read(path)
            && key.len() >= 32
        {
            return Ok(key);
        }
        let mut key = vec![0u8; 32];
        ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut key)
            .map_err(|_| std::io::Error::other("no system randomness"))?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        std::io::Write::write_all(&mut options.open(path)?, &key)?;
        Ok(key)
    }

    /// The site address serving `url`; anything but an absolute http(s) URL of reasonable
    /// length is returned unchanged (relative and `data:` URLs need no proxy).
    pub fn url_for(&self, url: &str) -> String {
        let proxied = (url.starts_with("https://") || url.starts_with("http://"))
            && url.len() <= MAX_URL_BYTES;
        if !proxied {
            return url.to_owned();
        }
        let tag = hmac::sign(&self.key, url.as_bytes());
        format!(
            "/media/{}/{}",
            URL_SAFE_NO_PAD.encode(&tag.as_ref()[..SIGNATURE_BYTES]),
            URL_SAFE_NO_PAD.encode(url.as_bytes())
        )
    }

    /// The original URL of a site address, if this site signed it.
    pub fn verify(&self, signature: &str, encoded: &str) -> Option<String> {
        let sig = URL_SAFE_NO_PAD.decode(signature).ok()?;
        let url = String::from_utf8(URL_SAFE_NO_PAD.decode(encoded).ok()?).ok()?;
        let tag = hmac::sign(&self.key, url.as_bytes());
        let expected = &tag.as_ref()[..SIGNATURE_BYTES];
        // Compared in constant time: the time taken says nothing about the right signature.
        (sig.len() == SIGNATURE_BYTES && constant_time_eq(&sig, expected)).then_some(url)
    }

    /// The image at a site address: from the cache, else fetched and cached.
    pub async fn get(&self, signature: &str, encoded: &str) -> Result<Image, MediaError> {
        let url = self.verify(signature, encoded).ok_or(MediaError::Unknown)?;
        if let Some(image) = self.cached(&url) {
            return Ok(image);
        }
        let f = self
            .fetcher
            .fetch_image(&url, MAX_IMAGE_BYTES, FETCH_TIMEOUT)
            .await?;
        let content_type = sniff_image_type(&f.body).ok_or(MediaError::NotAnImage)?;
        let image = Image {
            content_type,
            body: f.body,
        };
        self.store(url, image.clone());
        Ok(image)
    }

    fn cached(&self, url: &str) -> Option<Image> {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.clock += 1;
        let now = cache.clock;
        cache.images.get_mut(url).map(|(image, used)| {
            *used = now;
            image.clone()
        })
    }

    fn store(&self, url: String, image: Image) {
        let size = image.body.len();
        if size > CACHE_BYTES / 8 {
            return;
        }
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.clock += 1;
        let now = cache.clock;
        if let Some((old, _)) = cache.images.insert(url, (image, now)) {
            cache.bytes -= old.body.len();
        }
        cache.bytes += size;
        // Least recently used out until the budget holds.
        while cache.bytes > CACHE_BYTES {
            let Some(oldest) = cache
                .images
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some((gone, _)) = cache.images.remove(&oldest) {
                cache.bytes -= gone.body.len();
            }
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `html` with the `src` of every `<img>` replaced by `rewrite(src)` and `srcset`
/// attributes dropped (their candidates would bypass the rewrite). Works on the sanitizer's
/// serialisation: lower-case tags, double-quoted attribute values.
pub fn rewrite_images(html: &str, rewrite: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find("<img") {
        out.push_str(&rest[..at]);
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        out.push_str(&rewrite_tag(&rest[at..tag_end], &rewrite));
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

fn rewrite_tag(tag: &str, rewrite: &impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(tag.len() + 64);
    let mut rest = tag;
    loop {
        // The next attribute that matters, found after a space.
        let src = rest.find(" src=\"");
        let srcset = rest.find(" srcset=\"");
        let (at, name_len, is_src) = match (src, srcset) {
            (Some(a), Some(b)) if b < a => (b, " srcset=\"".len(), false),
            (Some(a), _) => (a, " src=\"".len(), true),
            (None, Some(b)) => (b, " srcset=\"".len(), false),
            (None, None) => break,
        };
        let value_start = at + name_len;
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        out.push_str(&rest[..at]);
        if is_src {
            let url = value.replace("&amp;", "&");
            out.push_str(" src=\"");
            out.push_str(&rewrite(&url).replace('&', "&amp;"));
            out.push('"');
        }
        rest = &rest[value_start + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxy() -> MediaProxy {
        let fetcher = Fetcher::new(gazette_fetch::FetchConfig::default()).unwrap();
        MediaProxy::new(b"0123456789abcdef0123456789abcdef", fetcher)
    }

    #[test]
    fn signed_addresses_verify_and_tampered_ones_do_not() {
        let p = proxy();
        let url = "https://img.example/a.jpg?w=800&h=450";
        let addr = p.url_for(url);
        let parts: Vec<&str> = addr.trim_start_matches("/media/").split('/').collect();
        assert_eq!(p.verify(parts[0], parts[1]).as_deref(), Some(url));
        let other = URL_SAFE_NO_PAD.encode("https://evil.example/x.png");
        assert_eq!(
            p.verify(parts[0], &other),
            None,
            "another URL under the signature"
        );
        assert_eq!(p.verify("AAAAAAAAAAAAAAAAAAAAAA", parts[1]), None);
        assert_eq!(p.verify("!!", parts[1]), None);
        let foreign = MediaProxy::new(
            b"another key of this length, 32 b",
            Fetcher::new(gazette_fetch::FetchConfig::default()).unwrap(),
        );
        assert_eq!(
            foreign.verify(parts[0], parts[1]),
            None,
            "another site's key"
        );
        assert_eq!(p.url_for("/relative.png"), "/relative.png");
        assert_eq!(
            p.url_for("data:image/png;base64,AAAA"),
            "data:image/png;base64,AAAA"
        );
    }

    #[test]
    fn image_sources_are_rewritten_and_srcsets_dropped() {
        let html = "<p>a</p><img src=\"https://x.example/a.jpg?a=1&amp;b=2\" alt=\"A\" \
                    srcset=\"https://x.example/a-2x.jpg 2x\"><p>b</p><img alt=\"no src\">";
        let out = rewrite_images(html, |u| format!("/p?{u}"));
        assert_eq!(
            out,
            "<p>a</p><img src=\"/p?https://x.example/a.jpg?a=1&amp;b=2\" alt=\"A\"><p>b</p>\
             <img alt=\"no src\">"
        );
    }

    #[test]
    fn only_raster_images_are_recognised_by_their_bytes() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(sniff_image_type(png), Some("image/png"));
        assert_eq!(
            sniff_image_type(b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
            Some("image/jpeg")
        );
        assert_eq!(sniff_image_type(b"GIF89a\x01\0"), Some("image/gif"));
        assert_eq!(
            sniff_image_type(b"RIFF\x10\0\0\0WEBPVP8 "),
            Some("image/webp")
        );
        assert_eq!(
            sniff_image_type(b"\0\0\0\x1cftypavif\0\0\0\0"),
            Some("image/avif")
        );
        assert_eq!(
            sniff_image_type(b"<?xml version=\"1.0\"?>\n<!-- drawn -->\n<svg xmlns=\"x\"/>"),
            Some("image/svg+xml")
        );
        assert_eq!(sniff_image_type(b"<svg>"), Some("image/svg+xml"));
        for not_served in [
            &b"<html><script>alert(1)</script>"[..],
            b"<!doctype html><svg></svg>",
            b"<svgx/>",
            b"<?xml version=\"1.0\"?><html/>",
            b"\x89PN",
            b"",
        ] {
            assert_eq!(sniff_image_type(not_served), None);
        }
    }

    #[test]
    fn the_cache_keeps_to_its_budget() {
        let p = proxy();
        let big = Image {
            content_type: "image/png",
            body: Bytes::from(vec![0u8; CACHE_BYTES / 10]),
        };
        for i in 0..30 {
            p.store(format!("https://x.example/{i}.png"), big.clone());
        }
        let cache = p.cache.lock().unwrap();
        assert!(cache.bytes <= CACHE_BYTES, "{}", cache.bytes);
        assert!(
            cache.images.contains_key("https://x.example/29.png"),
            "newest kept"
        );
        assert!(
            !cache.images.contains_key("https://x.example/0.png"),
            "oldest gone"
        );
    }
}
