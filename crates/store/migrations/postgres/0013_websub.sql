-- WebSub subscriptions, one per source whose feed names a hub (see src/websub.rs). `token` is
-- the callback URL's secret segment, `secret` the key pushes are signed with.
CREATE TABLE websub_subscriptions (
    source_id    BIGINT PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    hub          TEXT NOT NULL,
    topic        TEXT NOT NULL,
    token        TEXT NOT NULL UNIQUE,
    secret       TEXT NOT NULL,
    state        TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    lease_until  BIGINT,
    renew_at     BIGINT NOT NULL,
    failures     BIGINT NOT NULL DEFAULT 0,
    last_push_at BIGINT,
    pushes       BIGINT NOT NULL DEFAULT 0,
    error        TEXT
);
CREATE INDEX websub_subscriptions_renew ON websub_subscriptions (renew_at);
