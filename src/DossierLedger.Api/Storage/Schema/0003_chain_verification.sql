-- Verification's reads of the log beside its chain, as functions of the chain's own: the links hash the event rows as
-- stored (dl_event_canonical), which Marten's API does not give back, and with these the application names none of
-- Marten's tables outside MartenTables. CREATE OR REPLACE, as 0002's IF NOT EXISTS: adopting a database of the earlier
-- scripts records the baseline and runs every later migration, and a database adopted again after it was migrated (the
-- tests rewind databases so) already holds these.

-- Every link in chain order: whether its event is still there, whether the key of its period is among chain_keys
-- (keys rotate: dl_chain_key_epochs), whether its hash is that event's with that key, and whether it follows the link
-- before it.
CREATE OR REPLACE FUNCTION dl_chain_links_checked(chain_keys text[]) RETURNS TABLE (
    link_position bigint, seq_id bigint, hash bytea, event_present boolean, key_known boolean, hash_matches boolean, follows_previous boolean)
LANGUAGE sql STABLE AS $$
    WITH keys AS (SELECT k, dl_chain_key_id(k) AS key_id FROM unnest(chain_keys) AS k),
         epochs AS (SELECT x.from_position, lead(x.from_position) OVER (ORDER BY x.from_position) AS until, keys.k
                    FROM dl_chain_key_epochs x LEFT JOIN keys ON keys.key_id = x.key_id)
    SELECT c.position, c.seq_id, c.hash, e.seq_id IS NOT NULL, epochs.k IS NOT NULL,
           e.seq_id IS NOT NULL AND c.hash IS NOT DISTINCT FROM dl_chain_hash(epochs.k, c.prev_hash, e),
           c.prev_hash = coalesce(lag(c.hash) OVER (ORDER BY c.position), ''::bytea)
    FROM dl_event_chain c
    LEFT JOIN epochs ON c.position >= epochs.from_position AND (epochs.until IS NULL OR c.position < epochs.until)
    LEFT JOIN mt_events e ON e.seq_id = c.seq_id
    ORDER BY c.position
$$;

-- The first event still pending that was removed (event_removed) or changed since it was fingerprinted with chain_key.
CREATE OR REPLACE FUNCTION dl_first_broken_pending(chain_key text) RETURNS TABLE (seq_id bigint, event_removed boolean)
LANGUAGE sql STABLE AS $$
    SELECT p.seq_id, e.seq_id IS NULL FROM dl_chain_pending p LEFT JOIN mt_events e ON e.seq_id = p.seq_id
    WHERE e.seq_id IS NULL OR p.mac <> dl_event_mac(chain_key, e) ORDER BY p.seq_id LIMIT 1
$$;

-- The first events (at most how_many) with neither a link nor a fingerprint: written around the ledger.
CREATE OR REPLACE FUNCTION dl_unchained_events(how_many int) RETURNS SETOF bigint LANGUAGE sql STABLE AS $$
    SELECT e.seq_id FROM mt_events e
    WHERE NOT EXISTS (SELECT 1 FROM dl_event_chain c WHERE c.seq_id = e.seq_id)
      AND NOT EXISTS (SELECT 1 FROM dl_chain_pending p WHERE p.seq_id = e.seq_id)
    ORDER BY e.seq_id LIMIT how_many
$$;
