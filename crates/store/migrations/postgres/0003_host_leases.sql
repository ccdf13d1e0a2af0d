-- Hosts leased to one process at a time, so that several processes polling one database never
-- send one host more than its politeness allows between them. A process leases the host of each
-- source it claims (`holder` is the process's own id), renews the lease while it has work there
-- and releases it when done; a lease of a process that died ends at `until`.
CREATE TABLE host_leases (
    host   TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  BIGINT NOT NULL
);

-- The host a source's politeness is kept under (`gazette_store::host_key`: the feed URL's
-- host, lower-cased, without port or credentials), so that claiming can skip the hosts that
-- other processes hold.
ALTER TABLE sources ADD COLUMN host TEXT GENERATED ALWAYS AS
    (lower(substring(url from '^[^:/?#]+://(?:[^@/?#]*@)?(\[[^]]*\]|[^:/?#]*)'))) STORED;
CREATE INDEX sources_by_host ON sources (host);
