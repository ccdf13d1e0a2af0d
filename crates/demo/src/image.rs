//! Lead images: original SVG pictures generated from an article's slug.
//!
//! Real outlets serve a photograph per article; the demo draws an abstract composition instead,
//! deterministic per slug (same slug, same picture), 1200x675 like a typical 16:9 lead image, so
//! that image handling downstream (og:image, feed thumbnails, enclosures) has real files to
//! fetch.

use crate::content::Article;
use crate::site::{esc, stable_hash};

/// Width and height of every lead image.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 675;

/// Draws the lead image of an article.
pub fn svg(a: &Article, outlet_name: &str) -> String {
    let mut rng = Rng(stable_hash(a.slug.as_bytes()) | 1);
    let hue = rng.below(360);
    let hue2 = (hue + 40 + rng.below(120)) % 360;
    let angle = rng.below(360);
    let mut s = String::with_capacity(4096);
    s.push_str(&format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}">
<title>{label}</title>
<defs><linearGradient id="g" gradientTransform="rotate({angle} 0.5 0.5)"><stop offset="0" stop-color="hsl({hue},62%,38%)"/><stop offset="1" stop-color="hsl({hue2},58%,22%)"/></linearGradient></defs>
<rect width="{WIDTH}" height="{HEIGHT}" fill="url(#g)"/>
"##,
        label = esc(&a.title),
    ));
    for i in 0..(5 + rng.below(5)) {
        let h = (hue + rng.below(90) + 180) % 360;
        let opacity = 0.15 + f64::from(rng.below(40)) / 100.0;
        let x = rng.below(WIDTH);
        let y = rng.below(HEIGHT);
        let size = 40 + rng.below(260);
        let fill = format!("hsl({h},70%,{}%)", 45 + rng.below(30));
        match (i + rng.below(3)) % 3 {
            0 => s.push_str(&format!(
                r#"<circle cx="{x}" cy="{y}" r="{size}" fill="{fill}" fill-opacity="{opacity:.2}"/>
"#
            )),
            1 => s.push_str(&format!(
                r#"<rect x="{x}" y="{y}" width="{size}" height="{}" transform="rotate({} {x} {y})" fill="{fill}" fill-opacity="{opacity:.2}"/>
"#,
                size / 2 + rng.below(120),
                rng.below(90)
            )),
            _ => s.push_str(&format!(
                r#"<polygon points="{x},{y} {},{} {},{}" fill="{fill}" fill-opacity="{opacity:.2}"/>
"#,
                x + size,
                y + size / 3,
                x + size / 4,
                y + size
            )),
        }
    }
    s.push_str(&format!(
        r##"<rect x="0" y="{bar}" width="{WIDTH}" height="56" fill="#000" fill-opacity="0.35"/>
<text x="28" y="{text}" font-family="Helvetica, Arial, sans-serif" font-size="24" fill="#fff">{outlet} · {topic}</text>
</svg>
"##,
        bar = HEIGHT - 56,
        text = HEIGHT - 20,
        outlet = esc(outlet_name),
        topic = esc(&a.topic),
    ));
    s
}

/// A tiny xorshift generator seeded from the slug: enough to spread shapes, and stable.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u32) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % u64::from(n.max(1))) as u32
    }
}
