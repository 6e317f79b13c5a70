-- The event log's tamper evidence. Marten's mt_events exists by now (this runs after Marten's schema).
--
-- A single hash chain over every event, in the order the ledger appended them: each link's hash covers the
-- event's canonical content and the previous link's hash, keyed with a secret the application holds and
-- the database never stores (it reaches the trigger as the connection setting dl.chain_key). A row changed,
-- removed or slipped in by SQL no longer matches its link, leaves a link without its event, or has no link.
-- One chain rather than one per unit: a removal or insertion anywhere breaks the same sequence, and one
-- head hash is all an auditor keeps to pin the whole ledger.
--
-- Two steps, so that appends never wait for each other: the append itself only fingerprints each event with
-- the key (dl_chain_pending); the linker (ChainLinker, a fraction of a second later, one at a time) extends the
-- chain with the committed pending events in sequence order and checks each fingerprint as it goes.

-- Auditors read the log by recording time.
CREATE INDEX IF NOT EXISTS dl_mt_events_timestamp ON mt_events (timestamp);

CREATE TABLE IF NOT EXISTS dl_event_chain (
    position   bigserial PRIMARY KEY,     -- order of appending (may have gaps where a transaction rolled back)
    seq_id     bigint    NOT NULL UNIQUE, -- the event's global sequence
    prev_hash  bytea     NOT NULL,        -- the previous link's hash (empty for the first)
    hash       bytea     NOT NULL
);

-- The fields of an event that the chain vouches for, in one fixed text form.
CREATE OR REPLACE FUNCTION dl_event_canonical(e mt_events) RETURNS bytea LANGUAGE sql STABLE AS $$
    SELECT convert_to(concat_ws('|', e.seq_id, e.id, e.stream_id, e.version, e.type, e.data::text,
        to_char(e.timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        coalesce(e.user_name, ''), coalesce(e.correlation_id, ''), coalesce(e.causation_id, '')), 'UTF8')
$$;

-- Keyed hash of a link: H(k || H(k || previous || content)), with the key only the application knows.
CREATE OR REPLACE FUNCTION dl_chain_hash(chain_key text, previous bytea, e mt_events) RETURNS bytea LANGUAGE sql STABLE AS $$
    SELECT sha256(convert_to(chain_key, 'UTF8') || sha256(convert_to(chain_key, 'UTF8') || previous || dl_event_canonical(e)))
$$;

-- Keyed fingerprint of one event as it was appended: H(k || H(k || content)).
CREATE OR REPLACE FUNCTION dl_event_mac(chain_key text, e mt_events) RETURNS bytea LANGUAGE sql STABLE AS $$
    SELECT sha256(convert_to(chain_key, 'UTF8') || sha256(convert_to(chain_key, 'UTF8') || dl_event_canonical(e)))
$$;

-- Which key extends the chain from which link on: one row per key, a new one at each rotation (rotate-chain-key). The
-- database holds only the key's identifier, a hash of it with a fixed label, which tells keys apart and reveals
-- nothing of them; the verifier maps each identifier back to a configured key (Audit:ChainKey, …PreviousChainKeys).
CREATE OR REPLACE FUNCTION dl_chain_key_id(chain_key text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to('dossierledger chain key id|' || chain_key, 'UTF8')), 'hex')
$$;

CREATE TABLE IF NOT EXISTS dl_chain_key_epochs (
    from_position bigint      PRIMARY KEY,
    key_id        text        NOT NULL,
    started_at    timestamptz NOT NULL DEFAULT now()
);

-- Appended events wait here, with their fingerprint, until the linker chains them. Appending takes no lock:
-- concurrent transactions append side by side, and the one chain is extended after they commit.
CREATE TABLE IF NOT EXISTS dl_chain_pending (
    seq_id  bigint PRIMARY KEY,
    mac     bytea  NOT NULL
);

-- Only connections holding the key may append, and each appended event is fingerprinted in the same statement
-- (one event through the API, thousands through a bulk COPY).
CREATE OR REPLACE FUNCTION dl_fingerprint_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    chain_key text := current_setting('dl.chain_key', true);
BEGIN
    IF coalesce(chain_key, '') = '' THEN
        RAISE EXCEPTION 'the event log is written only by DossierLedger (this connection has no chain key)';
    END IF;
    INSERT INTO dl_chain_pending (seq_id, mac) SELECT e.seq_id, dl_event_mac(chain_key, e) FROM appended e;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS dl_mt_events_chain ON mt_events;
CREATE TRIGGER dl_mt_events_chain AFTER INSERT ON mt_events REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT EXECUTE FUNCTION dl_fingerprint_events();
DROP FUNCTION IF EXISTS dl_chain_event();

-- Links up to batch committed pending events, in sequence order, after the chain's head; returns how many. One
-- linker at a time: the others wait for it (wait) or return 0 at once. An event whose fingerprint no longer
-- matches it was changed after it was appended: it stays pending, unlinked, and verification names it.
DROP FUNCTION IF EXISTS dl_link_pending(int);
CREATE OR REPLACE FUNCTION dl_link_pending(batch int, wait boolean) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    chain_key text := current_setting('dl.chain_key', true);
    previous bytea;
    current_key_id text;
    linked bigint[] := '{}';
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
    FOR r IN SELECT p.seq_id, p.mac, e FROM dl_chain_pending p JOIN mt_events e ON e.seq_id = p.seq_id ORDER BY p.seq_id LIMIT batch LOOP
        CONTINUE WHEN r.mac <> dl_event_mac(chain_key, r.e);
        INSERT INTO dl_event_chain (seq_id, prev_hash, hash) VALUES (r.seq_id, previous, dl_chain_hash(chain_key, previous, r.e))
        RETURNING hash INTO previous;
        linked := linked || r.seq_id;
    END LOOP;
    DELETE FROM dl_chain_pending WHERE seq_id = ANY(linked);
    RETURN cardinality(linked);
END $$;

-- Append-only: nothing in the log or its chain is ever updated, deleted or truncated through the application.
CREATE OR REPLACE FUNCTION dl_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END $$;

DROP TRIGGER IF EXISTS dl_mt_events_append_only ON mt_events;
CREATE TRIGGER dl_mt_events_append_only BEFORE UPDATE OR DELETE ON mt_events FOR EACH ROW EXECUTE FUNCTION dl_refuse_change();
DROP TRIGGER IF EXISTS dl_mt_events_no_truncate ON mt_events;
CREATE TRIGGER dl_mt_events_no_truncate BEFORE TRUNCATE ON mt_events FOR EACH STATEMENT EXECUTE FUNCTION dl_refuse_change();
DROP TRIGGER IF EXISTS dl_event_chain_append_only ON dl_event_chain;
CREATE TRIGGER dl_event_chain_append_only BEFORE UPDATE OR DELETE ON dl_event_chain FOR EACH ROW EXECUTE FUNCTION dl_refuse_change();
DROP TRIGGER IF EXISTS dl_event_chain_no_truncate ON dl_event_chain;
CREATE TRIGGER dl_event_chain_no_truncate BEFORE TRUNCATE ON dl_event_chain FOR EACH STATEMENT EXECUTE FUNCTION dl_refuse_change();
DROP TRIGGER IF EXISTS dl_chain_key_epochs_append_only ON dl_chain_key_epochs;
CREATE TRIGGER dl_chain_key_epochs_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON dl_chain_key_epochs
    FOR EACH STATEMENT EXECUTE FUNCTION dl_refuse_change();

-- Pending events are deleted once linked; nothing else may touch them.
DROP TRIGGER IF EXISTS dl_chain_pending_guard ON dl_chain_pending;
CREATE OR REPLACE FUNCTION dl_refuse_unlinked_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM dl_event_chain WHERE seq_id = OLD.seq_id) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'a pending event''s fingerprint is removed only by linking it: % refused', TG_OP;
END $$;
CREATE TRIGGER dl_chain_pending_guard BEFORE UPDATE OR DELETE ON dl_chain_pending FOR EACH ROW EXECUTE FUNCTION dl_refuse_unlinked_delete();

-- A ledger that had events before the chain existed: fingerprint them once, and the linker chains them. Only then:
-- events of a bulk load are already pending, and the linker may not have run yet.
DO $$
DECLARE
    chain_key text := current_setting('dl.chain_key', true);
BEGIN
    IF coalesce(chain_key, '') <> '' AND NOT EXISTS (SELECT 1 FROM dl_event_chain) AND NOT EXISTS (SELECT 1 FROM dl_chain_pending) THEN
        INSERT INTO dl_chain_pending (seq_id, mac) SELECT e.seq_id, dl_event_mac(chain_key, e) FROM mt_events e;
    END IF;
    -- A chain linked before keys were recorded was linked with one key, the one configured now.
    IF coalesce(chain_key, '') <> '' AND EXISTS (SELECT 1 FROM dl_event_chain) AND NOT EXISTS (SELECT 1 FROM dl_chain_key_epochs) THEN
        INSERT INTO dl_chain_key_epochs (from_position, key_id) VALUES (1, dl_chain_key_id(chain_key));
    END IF;
END $$;
