-- A feed's URL follows a permanent redirect only once the same target has been seen on
-- consecutive successful polls: one misconfigured response must not move a source for good.
ALTER TABLE sources ADD COLUMN redirect_url TEXT;
ALTER TABLE sources ADD COLUMN redirect_seen INTEGER NOT NULL DEFAULT 0;
