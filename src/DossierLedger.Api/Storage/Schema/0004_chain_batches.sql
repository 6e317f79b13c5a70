-- Linking and verifying the chain a batch or a range at a time. At a million events the linker's statement per link
-- and the pending guard's check per row made linking the longer part of verify-chain, and verification was one walk of
-- the whole chain on one connection; the hash rules and what is checked are unchanged (CREATE OR REPLACE: safe to run
-- again).

-- The two keyed hash rules over an event's canonical form, once each, so that the linker computes the canonical form
-- once per event for both: the fingerprint H(k || H(k || content)) and the link H(k || H(k || previous || content)).
CREATE OR REPLACE FUNCTION dl_canonical_mac(chain_key text, canonical bytea) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT sha256(convert_to(chain_key, 'UTF8') || sha256(convert_to(chain_key, 'UTF8') || canonical))
$$;

CREATE OR REPLACE FUNCTION dl_canonical_link(chain_key text, previous bytea, canonical bytea) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT sha256(convert_to(chain_key, 'UTF8') || sha256(convert_to(chain_key, 'UTF8') || previous || canonical))
$$;

CREATE OR REPLACE FUNCTION dl_chain_hash(chain_key text, previous bytea, e mt_events) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT dl_canonical_link(chain_key, previous, dl_event_canonical(e))
$$;

CREATE OR REPLACE FUNCTION dl_event_mac(chain_key text, e mt_events) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT dl_canonical_mac(chain_key, dl_event_canonical(e))
$$;

ALTER FUNCTION dl_event_canonical(mt_events) PARALLEL SAFE;
ALTER FUNCTION dl_chain_key_id(text) PARALLEL SAFE;

-- Links up to batch committed pending events, in sequence order, after the chain's head; returns how many. One
-- linker at a time: the others wait for it (wait) or return 0 at once. An event whose fingerprint no longer
-- matches it was changed after it was appended: it stays pending, unlinked, and verification names it. Each event's
-- canonical form is read once, only the hashes are chained one after the other, and the batch's links are written
-- with one INSERT and its pending rows removed with one DELETE.
CREATE OR REPLACE FUNCTION dl_link_pending(batch int, wait boolean) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    chain_key text := current_setting('dl.chain_key', true);
    previous bytea;
    current_key_id text;
    seq_ids bigint[] := '{}';
    prev_hashes bytea[] := '{}';
    hashes bytea[] := '{}';
    r record;
BEGIN
    IF coalesce(chain_key, '') = '' THEN
        RAISE EXCEPTION 'only DossierLedger links the event chain (this connection has no chain key)';
    END IF;
    IF wait THEN
        PERFORM pg_advisory_xact_lock(4242002);
    ELSIF NOT pg_try_advisory_xact_lock(4242002) THEN
        RETURN 0;
    END IF;
    -- Only the chain's current key extends it: a node left on a rotated-out key would fingerprint what it appends
    -- with that key, and link nothing (the host refuses to start so; this is the last guard).
    SELECT key_id INTO current_key_id FROM dl_chain_key_epochs ORDER BY from_position DESC LIMIT 1;
    IF current_key_id IS NULL THEN
        INSERT INTO dl_chain_key_epochs (from_position, key_id)
        SELECT coalesce(max(position), 0) + 1, dl_chain_key_id(chain_key) FROM dl_event_chain;
    ELSIF current_key_id <> dl_chain_key_id(chain_key) THEN
        RAISE EXCEPTION 'this connection''s chain key is not the one the chain is extended with (it was rotated)';
    END IF;
    SELECT hash INTO previous FROM dl_event_chain ORDER BY position DESC LIMIT 1;
    previous := coalesce(previous, ''::bytea);
    -- The lower bound lets the events be read from the first pending one on, not from the start of the log (which
    -- made each batch slower than the one before); OFFSET 0 keeps the canonical form computed once per event.
    FOR r IN
        SELECT p.seq_id, p.canonical
        FROM (SELECT p.seq_id, p.mac, dl_event_canonical(e) AS canonical
              FROM (SELECT seq_id, mac FROM dl_chain_pending ORDER BY seq_id LIMIT batch) p
              JOIN mt_events e ON e.seq_id = p.seq_id
              WHERE e.seq_id >= (SELECT min(seq_id) FROM dl_chain_pending)
              ORDER BY p.seq_id OFFSET 0) p
        WHERE p.mac = dl_canonical_mac(chain_key, p.canonical)
    LOOP
        seq_ids := array_append(seq_ids, r.seq_id);
        prev_hashes := array_append(prev_hashes, previous);
        previous := dl_canonical_link(chain_key, previous, r.canonical);
        hashes := array_append(hashes, previous);
    END LOOP;
    INSERT INTO dl_event_chain (seq_id, prev_hash, hash) SELECT * FROM unnest(seq_ids, prev_hashes, hashes);
    DELETE FROM dl_chain_pending WHERE seq_id = ANY(seq_ids);
    RETURN cardinality(seq_ids);
END $$;

-- Pending events are deleted once linked; nothing else may touch them. Checked once per statement over the rows it
-- removed: the linker removes a whole batch at once, and a check per row cost more than the removal itself.
CREATE OR REPLACE FUNCTION dl_refuse_unlinked_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM removed r WHERE NOT EXISTS (SELECT 1 FROM dl_event_chain c WHERE c.seq_id = r.seq_id)) THEN
            RETURN NULL;
        END IF;
    END IF;
    RAISE EXCEPTION 'a pending event''s fingerprint is removed only by linking it: % refused', TG_OP;
END $$;

DROP TRIGGER IF EXISTS dl_chain_pending_guard ON dl_chain_pending;
DROP TRIGGER IF EXISTS dl_chain_pending_no_update ON dl_chain_pending;
DROP TRIGGER IF EXISTS dl_chain_pending_linked_only ON dl_chain_pending;
CREATE TRIGGER dl_chain_pending_no_update BEFORE UPDATE ON dl_chain_pending
    FOR EACH STATEMENT EXECUTE FUNCTION dl_refuse_unlinked_delete();
CREATE TRIGGER dl_chain_pending_linked_only AFTER DELETE ON dl_chain_pending REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION dl_refuse_unlinked_delete();

-- The links from range_from up to range_until (excluded), in chain order, checked as 0003's walk of the whole
-- chain checked them: each link carries its predecessor's hash, so ranges are checked apart (on several connections at
-- once) and the first link of a range is compared with the last link before it.
DROP FUNCTION IF EXISTS dl_chain_links_checked(text[]);
CREATE OR REPLACE FUNCTION dl_chain_links_checked(chain_keys text[], range_from bigint, range_until bigint) RETURNS TABLE (
    link_position bigint, seq_id bigint, hash bytea, event_present boolean, key_known boolean, hash_matches boolean, follows_previous boolean)
LANGUAGE sql STABLE AS $$
    WITH keys AS (SELECT k, dl_chain_key_id(k) AS key_id FROM unnest(chain_keys) AS k),
         epochs AS (SELECT x.from_position, lead(x.from_position) OVER (ORDER BY x.from_position) AS until, keys.k
                    FROM dl_chain_key_epochs x LEFT JOIN keys ON keys.key_id = x.key_id)
    SELECT c.position, c.seq_id, c.hash, e.seq_id IS NOT NULL, epochs.k IS NOT NULL,
           e.seq_id IS NOT NULL AND c.hash IS NOT DISTINCT FROM dl_chain_hash(epochs.k, c.prev_hash, e),
           c.prev_hash = coalesce(lag(c.hash) OVER (ORDER BY c.position),
               (SELECT b.hash FROM dl_event_chain b WHERE b.position < range_from ORDER BY b.position DESC LIMIT 1), ''::bytea)
    FROM dl_event_chain c
    LEFT JOIN epochs ON c.position >= epochs.from_position AND (epochs.until IS NULL OR c.position < epochs.until)
    LEFT JOIN mt_events e ON e.seq_id = c.seq_id
    WHERE c.position >= range_from AND c.position < range_until
    ORDER BY c.position
$$;
