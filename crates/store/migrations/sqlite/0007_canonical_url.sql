-- The page's own address for an entry (its rel=canonical, or where its link redirected to),
-- when the page was fetched: what deduplication compares instead of the feed's link.
ALTER TABLE entries ADD COLUMN canonical_url TEXT;
