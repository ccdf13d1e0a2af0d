-- Related articles stored once a pair, the smaller entry id first (`stories::related_rows`):
-- the page reads both columns (`related_by_related` finds the other side). The story desk
-- wrote both directions, about 11 rows an article. A pair's two rows become one with the
-- better score.
INSERT INTO related (entry_id, related_id, score)
    SELECT related_id, entry_id, score FROM related WHERE entry_id > related_id
    ON CONFLICT (entry_id, related_id)
    DO UPDATE SET score = GREATEST(related.score, excluded.score);
DELETE FROM related WHERE entry_id >= related_id;
