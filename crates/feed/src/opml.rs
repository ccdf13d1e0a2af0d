//! OPML subscription lists (being built).
