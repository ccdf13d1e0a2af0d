//! Sitemaps (being built).
