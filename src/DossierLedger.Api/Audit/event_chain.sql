-- The event log's tamper evidence. Marten's mt_events exists by now (this runs after Marten's schema).
--
-- A single hash chain over every event, in the order the ledger appended them: each link's hash covers the
-- event's canonical content and the previous link's hash, keyed with a secret the application holds and
-- the database never stores (it reaches the trigger as the connection setting dl.chain_key). A row changed,
-- removed or slipped in by SQL no longer matches its link, leaves a link without its event, or has no link.
-- One chain rather than one per unit: a removal or insertion anywhere breaks the same sequence, and one
-- head hash is all an auditor keeps to pin the whole ledger.

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

-- One step of the chain as an aggregate: the state is the previous link's hash (the link before the statement's
-- first event to start with), so running it over a statement's events in sequence order yields each event's link.
CREATE OR REPLACE FUNCTION dl_chain_step(previous bytea, chain_key bytea, first_previous bytea, content bytea)
RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(chain_key || sha256(chain_key || coalesce(previous, first_previous) || content))
$$;
DROP AGGREGATE IF EXISTS dl_chain(bytea, bytea, bytea);
CREATE AGGREGATE dl_chain(bytea, bytea, bytea) (SFUNC = dl_chain_step, STYPE = bytea);

-- Links the events one statement appended (one event through the API, thousands through a bulk COPY) in sequence
-- order, after the chain's current head. The same links as one event at a time, made in one pass.
CREATE OR REPLACE FUNCTION dl_chain_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    chain_key text := current_setting('dl.chain_key', true);
    previous bytea;
BEGIN
    IF coalesce(chain_key, '') = '' THEN
        RAISE EXCEPTION 'the event log is written only by DossierLedger (this connection has no chain key)';
    END IF;
    -- Links are made one append at a time, so each names the one before it.
    PERFORM pg_advisory_xact_lock(4242002);
    SELECT hash INTO previous FROM dl_event_chain ORDER BY position DESC LIMIT 1;
    previous := coalesce(previous, ''::bytea);
    INSERT INTO dl_event_chain (seq_id, prev_hash, hash)
    SELECT seq_id, coalesce(lag(hash) OVER (ORDER BY seq_id), previous), hash
    FROM (
        SELECT e.seq_id, dl_chain(convert_to(chain_key, 'UTF8'), previous, dl_event_canonical(e))
                   OVER (ORDER BY e.seq_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS hash
        FROM appended e
    ) links
    ORDER BY seq_id;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS dl_mt_events_chain ON mt_events;
CREATE TRIGGER dl_mt_events_chain AFTER INSERT ON mt_events REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT EXECUTE FUNCTION dl_chain_events();
DROP FUNCTION IF EXISTS dl_chain_event();

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

-- A ledger that had events before the chain existed: link them once, in sequence order.
DO $$
DECLARE
    chain_key text := current_setting('dl.chain_key', true);
    previous bytea := ''::bytea;
    e mt_events;
BEGIN
    IF coalesce(chain_key, '') <> '' AND NOT EXISTS (SELECT 1 FROM dl_event_chain) THEN
        FOR e IN SELECT * FROM mt_events ORDER BY seq_id LOOP
            INSERT INTO dl_event_chain (seq_id, prev_hash, hash) VALUES (e.seq_id, previous, dl_chain_hash(chain_key, previous, e))
            RETURNING hash INTO previous;
        END LOOP;
    END IF;
END $$;
