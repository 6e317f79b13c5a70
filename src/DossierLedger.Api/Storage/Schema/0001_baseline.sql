-- The ledger's own schema as the scripts before numbered migrations left it. Runs after Marten's schema, so
-- mt_events exists. A database those scripts set up is recorded at this version without running it (LedgerSchema).

-- Report storage: one row of facts per dossier (Reports/DossierFactsTable.cs), and counters per unit, procedure
-- and day / month / year, and per unit alone (Reports/CounterTables.cs). The dossier projection writes all three from
-- the domain's rules; nothing here decides a figure.
CREATE TABLE dl_dossier_facts (
    dossier_id          uuid PRIMARY KEY,
    unit_code           text     NOT NULL,
    field_code          text     NOT NULL,
    procedure_code      text     NOT NULL,
    channel             smallint NOT NULL,            -- national channel code 1 direct, 2 online, 3 postal
    received_on         date     NOT NULL,            -- local date of receipt
    overdue_on          date     NULL,                -- local date of the effective due; null while paused
    closed_on           date     NULL,                -- local date of the first terminal event
    closure             smallint NULL,                -- national status code 7 withdrawn, 8 stopped, 9 resolved
    timeliness          smallint NULL,                -- 1 early, 2 on time, 3 overdue (resolved only)
    digitized           boolean  NOT NULL DEFAULT false,
    fee_requested       boolean  NOT NULL DEFAULT false,
    paid_online         boolean  NOT NULL DEFAULT false,
    complaint           boolean  NOT NULL DEFAULT false,
    supplement_requests smallint NOT NULL DEFAULT 0
);
CREATE INDEX dl_dossier_facts_unit_received ON dl_dossier_facts (unit_code, received_on);

CREATE TABLE dl_report_buckets (
    unit_code        text     NOT NULL,
    grain            "char"   NOT NULL,           -- 'D' day, 'M' month, 'Y' year
    bucket           date     NOT NULL,           -- first day of the bucket
    field_code       text     NOT NULL,
    procedure_code   text     NOT NULL,
    received_direct                   bigint   NOT NULL DEFAULT 0,
    received_online                   bigint   NOT NULL DEFAULT 0,
    received_postal                   bigint   NOT NULL DEFAULT 0,
    resolved_early                    bigint   NOT NULL DEFAULT 0,
    resolved_on_time                  bigint   NOT NULL DEFAULT 0,
    resolved_overdue                  bigint   NOT NULL DEFAULT 0,
    withdrawn                         bigint   NOT NULL DEFAULT 0,
    stopped                           bigint   NOT NULL DEFAULT 0,
    overdue_started                   bigint   NOT NULL DEFAULT 0,
    overdue_ended                     bigint   NOT NULL DEFAULT 0,
    digitized_received                bigint   NOT NULL DEFAULT 0,
    digitized_closed                  bigint   NOT NULL DEFAULT 0,
    fee_received                      bigint   NOT NULL DEFAULT 0,
    paid_online_received              bigint   NOT NULL DEFAULT 0,
    complaint_resolved                bigint   NOT NULL DEFAULT 0,
    closed_in_time                    bigint   NOT NULL DEFAULT 0,
    multi_supplement_received         bigint   NOT NULL DEFAULT 0,
    multi_supplement_closed           bigint   NOT NULL DEFAULT 0,
    multi_supplement_overdue_started  bigint   NOT NULL DEFAULT 0,
    multi_supplement_overdue_ended    bigint   NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_code, grain, bucket, field_code, procedure_code)
);

-- The same counters per unit only (no field or procedure): what a report without grouping reads. A province
-- report covers tens or hundreds of communes; per unit a point in time is at most 5 + 11 + 30 rows here, against
-- that many times every procedure in the detailed buckets. Written with them, from the same changes summed per unit.
CREATE TABLE dl_report_unit_buckets (
    unit_code        text     NOT NULL,
    grain            "char"   NOT NULL,
    bucket           date     NOT NULL,
    received_direct                   bigint   NOT NULL DEFAULT 0,
    received_online                   bigint   NOT NULL DEFAULT 0,
    received_postal                   bigint   NOT NULL DEFAULT 0,
    resolved_early                    bigint   NOT NULL DEFAULT 0,
    resolved_on_time                  bigint   NOT NULL DEFAULT 0,
    resolved_overdue                  bigint   NOT NULL DEFAULT 0,
    withdrawn                         bigint   NOT NULL DEFAULT 0,
    stopped                           bigint   NOT NULL DEFAULT 0,
    overdue_started                   bigint   NOT NULL DEFAULT 0,
    overdue_ended                     bigint   NOT NULL DEFAULT 0,
    digitized_received                bigint   NOT NULL DEFAULT 0,
    digitized_closed                  bigint   NOT NULL DEFAULT 0,
    fee_received                      bigint   NOT NULL DEFAULT 0,
    paid_online_received              bigint   NOT NULL DEFAULT 0,
    complaint_resolved                bigint   NOT NULL DEFAULT 0,
    closed_in_time                    bigint   NOT NULL DEFAULT 0,
    multi_supplement_received         bigint   NOT NULL DEFAULT 0,
    multi_supplement_closed           bigint   NOT NULL DEFAULT 0,
    multi_supplement_overdue_started  bigint   NOT NULL DEFAULT 0,
    multi_supplement_overdue_ended    bigint   NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_code, grain, bucket)
);

-- Counter changes as writes append them, until the compactor adds them into the two tables above (CounterTables.cs).
-- No key: appending never waits on a row another write holds.
CREATE TABLE dl_counter_changes (LIKE dl_report_buckets INCLUDING DEFAULTS);

-- Receipt numbers the API generates (số biên nhận) draw from one ledger-wide sequence.
CREATE SEQUENCE dl_receipt_number_seq;

-- Idempotency keys: what a POST with an Idempotency-Key answered, so the same caller's retry gets the same answer.
CREATE TABLE dl_idempotency (
    caller        bytea       NOT NULL,           -- SHA-256 of who called and with which role and units
    key           text        NOT NULL,
    fingerprint   bytea       NOT NULL,           -- SHA-256 of method, path and body
    status        int         NULL,               -- null while the first request is in flight
    content_type  text        NULL,
    location      text        NULL,
    body          bytea       NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz NULL,
    PRIMARY KEY (caller, key)
);
-- Expired keys are found by age: each claim deletes the oldest few.
CREATE INDEX dl_idempotency_created ON dl_idempotency (created_at);

-- API tokens: only a SHA-256 hash of each token is kept; the token itself is shown once, when minted.
CREATE TABLE dl_api_tokens (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,            -- who holds it: recorded as the acting user of what they do
    role        text        NOT NULL,            -- clerk, auditor, reporter, admin
    units       text[]      NOT NULL DEFAULT '{}',
    token_hash  text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz NULL
);

-- Receipt numbers taken, one row per number, written only in async projection mode (Projections:Mode=Async).
-- In inline mode the unique index on the Dossier document refuses a duplicate number inside the transaction that
-- appends the receipt. In async mode that document is written later by the projection daemon, where a duplicate
-- would stop the projection; so the receipt endpoint claims its number here, in the appending transaction, and a
-- second claim of the same number fails that transaction instead (409 duplicate-receipt-number).
CREATE TABLE dl_receipt_claims (
    unit_code  text NOT NULL,
    receipt_no text NOT NULL,
    PRIMARY KEY (unit_code, receipt_no)
);

-- The event log's tamper evidence.
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

-- Auditors read the log by recording time (Marten is told to leave this index alone: HostSetup).
CREATE INDEX dl_mt_events_timestamp ON mt_events (timestamp);

CREATE TABLE dl_event_chain (
    position   bigserial PRIMARY KEY,     -- order of appending (may have gaps where a transaction rolled back)
    seq_id     bigint    NOT NULL UNIQUE, -- the event's global sequence
    prev_hash  bytea     NOT NULL,        -- the previous link's hash (empty for the first)
    hash       bytea     NOT NULL
);

-- The fields of an event that the chain vouches for, in one fixed text form.
CREATE FUNCTION dl_event_canonical(e mt_events) RETURNS bytea LANGUAGE sql STABLE AS $$
    SELECT convert_to(concat_ws('|', e.seq_id, e.id, e.stream_id, e.version, e.type, e.data::text,
        to_char(e.timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        coalesce(e.user_name, ''), coalesce(e.correlation_id, ''), coalesce(e.causation_id, '')), 'UTF8')
$$;

-- Keyed hash of a link: H(k || H(k || previous || content)), with the key only the application knows.
CREATE FUNCTION dl_chain_hash(chain_key text, previous bytea, e mt_events) RETURNS bytea LANGUAGE sql STABLE AS $$
    SELECT sha256(convert_to(chain_key, 'UTF8') || sha256(convert_to(chain_key, 'UTF8') || previous || dl_event_canonical(e)))
$$;

-- Keyed fingerprint of one event as it was appended: H(k || H(k || content)).
CREATE FUNCTION dl_event_mac(chain_key text, e mt_events) RETURNS bytea LANGUAGE sql STABLE AS $$
    SELECT sha256(convert_to(chain_key, 'UTF8') || sha256(convert_to(chain_key, 'UTF8') || dl_event_canonical(e)))
$$;

-- Which key extends the chain from which link on: one row per key, a new one at each rotation (rotate-chain-key). The
-- database holds only the key's identifier, a hash of it with a fixed label, which tells keys apart and reveals
-- nothing of them; the verifier maps each identifier back to a configured key (Audit:ChainKey, …PreviousChainKeys).
CREATE FUNCTION dl_chain_key_id(chain_key text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to('dossierledger chain key id|' || chain_key, 'UTF8')), 'hex')
$$;

CREATE TABLE dl_chain_key_epochs (
    from_position bigint      PRIMARY KEY,
    key_id        text        NOT NULL,
    started_at    timestamptz NOT NULL DEFAULT now()
);

-- Appended events wait here, with their fingerprint, until the linker chains them. Appending takes no lock:
-- concurrent transactions append side by side, and the one chain is extended after they commit.
CREATE TABLE dl_chain_pending (
    seq_id  bigint PRIMARY KEY,
    mac     bytea  NOT NULL
);

-- Only connections holding the key may append, and each appended event is fingerprinted in the same statement
-- (one event through the API, thousands through a bulk COPY).
CREATE FUNCTION dl_fingerprint_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    chain_key text := current_setting('dl.chain_key', true);
BEGIN
    IF coalesce(chain_key, '') = '' THEN
        RAISE EXCEPTION 'the event log is written only by DossierLedger (this connection has no chain key)';
    END IF;
    INSERT INTO dl_chain_pending (seq_id, mac) SELECT e.seq_id, dl_event_mac(chain_key, e) FROM appended e;
    RETURN NULL;
END $$;

CREATE TRIGGER dl_mt_events_chain AFTER INSERT ON mt_events REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT EXECUTE FUNCTION dl_fingerprint_events();

-- Links up to batch committed pending events, in sequence order, after the chain's head; returns how many. One
-- linker at a time: the others wait for it (wait) or return 0 at once. An event whose fingerprint no longer
-- matches it was changed after it was appended: it stays pending, unlinked, and verification names it.
CREATE FUNCTION dl_link_pending(batch int, wait boolean) RETURNS int LANGUAGE plpgsql AS $$
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
CREATE FUNCTION dl_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END $$;

CREATE TRIGGER dl_mt_events_append_only BEFORE UPDATE OR DELETE ON mt_events FOR EACH ROW EXECUTE FUNCTION dl_refuse_change();
CREATE TRIGGER dl_mt_events_no_truncate BEFORE TRUNCATE ON mt_events FOR EACH STATEMENT EXECUTE FUNCTION dl_refuse_change();
CREATE TRIGGER dl_event_chain_append_only BEFORE UPDATE OR DELETE ON dl_event_chain FOR EACH ROW EXECUTE FUNCTION dl_refuse_change();
CREATE TRIGGER dl_event_chain_no_truncate BEFORE TRUNCATE ON dl_event_chain FOR EACH STATEMENT EXECUTE FUNCTION dl_refuse_change();
CREATE TRIGGER dl_chain_key_epochs_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON dl_chain_key_epochs
    FOR EACH STATEMENT EXECUTE FUNCTION dl_refuse_change();

-- Pending events are deleted once linked; nothing else may touch them.
CREATE FUNCTION dl_refuse_unlinked_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM dl_event_chain WHERE seq_id = OLD.seq_id) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'a pending event''s fingerprint is removed only by linking it: % refused', TG_OP;
END $$;
CREATE TRIGGER dl_chain_pending_guard BEFORE UPDATE OR DELETE ON dl_chain_pending FOR EACH ROW EXECUTE FUNCTION dl_refuse_unlinked_delete();
