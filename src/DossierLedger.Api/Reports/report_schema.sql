-- Report storage: one row of facts per dossier, and counters per unit, procedure and day / month / year.
-- The facts are written by the DossierFactsProjection; the counters are kept by the trigger below,
-- which turns each change of a facts row into the difference of its old and new contributions.
-- The contributions mirror DossierFacts.Contributions() in the domain, and the counter columns follow the
-- domain's ReportCounter numbering (tests hold the two together). The script is idempotent: it runs at
-- every start and brings an older schema up to date.

CREATE TABLE IF NOT EXISTS dl_dossier_facts (
    dossier_id      uuid PRIMARY KEY,
    unit_code       text     NOT NULL,
    field_code      text     NOT NULL,
    procedure_code  text     NOT NULL,
    channel         smallint NOT NULL,            -- national channel code 1 direct, 2 online, 3 postal
    received_on     date     NOT NULL,            -- local date of receipt
    overdue_on      date     NULL,                -- local date of the effective due; null while paused
    closed_on       date     NULL,                -- local date of the first terminal event
    closure         smallint NULL,                -- national status code 7 withdrawn, 8 stopped, 9 resolved
    timeliness      smallint NULL                 -- 1 early, 2 on time, 3 overdue (resolved only)
);
ALTER TABLE dl_dossier_facts ADD COLUMN IF NOT EXISTS digitized boolean NOT NULL DEFAULT false;
ALTER TABLE dl_dossier_facts ADD COLUMN IF NOT EXISTS fee_requested boolean NOT NULL DEFAULT false;
ALTER TABLE dl_dossier_facts ADD COLUMN IF NOT EXISTS paid_online boolean NOT NULL DEFAULT false;
ALTER TABLE dl_dossier_facts ADD COLUMN IF NOT EXISTS complaint boolean NOT NULL DEFAULT false;
ALTER TABLE dl_dossier_facts ADD COLUMN IF NOT EXISTS supplement_requests smallint NOT NULL DEFAULT 0;

CREATE TABLE IF NOT EXISTS dl_report_buckets (
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
ALTER TABLE dl_report_buckets ADD COLUMN IF NOT EXISTS digitized_received bigint NOT NULL DEFAULT 0;
ALTER TABLE dl_report_buckets ADD COLUMN IF NOT EXISTS digitized_closed bigint NOT NULL DEFAULT 0;
ALTER TABLE dl_report_buckets ADD COLUMN IF NOT EXISTS fee_received bigint NOT NULL DEFAULT 0;
ALTER TABLE dl_report_buckets ADD COLUMN IF NOT EXISTS paid_online_received bigint NOT NULL DEFAULT 0;
ALTER TABLE dl_report_buckets ADD COLUMN IF NOT EXISTS complaint_resolved bigint NOT NULL DEFAULT 0;
ALTER TABLE dl_report_buckets ADD COLUMN IF NOT EXISTS closed_in_time bigint NOT NULL DEFAULT 0;
ALTER TABLE dl_report_buckets ADD COLUMN IF NOT EXISTS multi_supplement_received bigint NOT NULL DEFAULT 0;
ALTER TABLE dl_report_buckets ADD COLUMN IF NOT EXISTS multi_supplement_closed bigint NOT NULL DEFAULT 0;
ALTER TABLE dl_report_buckets ADD COLUMN IF NOT EXISTS multi_supplement_overdue_started bigint NOT NULL DEFAULT 0;
ALTER TABLE dl_report_buckets ADD COLUMN IF NOT EXISTS multi_supplement_overdue_ended bigint NOT NULL DEFAULT 0;

-- The (day, counter) pairs one facts row adds to; counter numbers are the domain's ReportCounter values.
DROP FUNCTION IF EXISTS dl_fact_contributions(dl_dossier_facts) CASCADE;
CREATE FUNCTION dl_fact_contributions(f dl_dossier_facts)
RETURNS TABLE (day date, counter int) LANGUAGE sql IMMUTABLE AS $$
    WITH flags AS (
        SELECT f.supplement_requests > 1 AS multi,
               f.closed_on IS NOT NULL AND CASE WHEN f.closure = 9 THEN f.timeliness IN (1, 2)
                                                ELSE f.overdue_on IS NULL OR f.closed_on <= f.overdue_on END AS in_time
    )
    SELECT x.day, x.counter FROM flags, LATERAL (
        SELECT f.received_on AS day, CASE f.channel WHEN 2 THEN 1 WHEN 3 THEN 2 ELSE 0 END AS counter
        UNION ALL SELECT f.received_on, 10 WHERE f.digitized
        UNION ALL SELECT f.received_on, 12 WHERE f.fee_requested
        UNION ALL SELECT f.received_on, 13 WHERE f.paid_online AND f.fee_requested
        UNION ALL SELECT f.received_on, 16 WHERE flags.multi
        UNION ALL
        SELECT f.closed_on, CASE f.closure WHEN 7 THEN 6 WHEN 8 THEN 7
                                           ELSE CASE f.timeliness WHEN 1 THEN 3 WHEN 2 THEN 4 ELSE 5 END END
        WHERE f.closed_on IS NOT NULL
        UNION ALL SELECT f.closed_on, 11 WHERE f.closed_on IS NOT NULL AND f.digitized
        UNION ALL SELECT f.closed_on, 14 WHERE f.closed_on IS NOT NULL AND f.closure = 9 AND f.complaint
        UNION ALL SELECT f.closed_on, 15 WHERE flags.in_time AND NOT flags.multi
        UNION ALL SELECT f.closed_on, 17 WHERE f.closed_on IS NOT NULL AND flags.multi
        UNION ALL SELECT f.overdue_on, 8 WHERE f.overdue_on IS NOT NULL
        UNION ALL SELECT f.overdue_on, 18 WHERE f.overdue_on IS NOT NULL AND flags.multi
        UNION ALL SELECT greatest(f.overdue_on, f.closed_on), 9 WHERE f.overdue_on IS NOT NULL AND f.closed_on IS NOT NULL
        UNION ALL SELECT greatest(f.overdue_on, f.closed_on), 19
            WHERE f.overdue_on IS NOT NULL AND f.closed_on IS NOT NULL AND flags.multi
    ) x
$$;

-- The buckets a day counts in: the day itself, its month and its year, each named by its first day.
CREATE OR REPLACE FUNCTION dl_day_buckets(day date)
RETURNS TABLE (grain "char", bucket date) LANGUAGE sql IMMUTABLE AS $$
    VALUES ('D'::"char", day), ('M'::"char", date_trunc('month', day::timestamp)::date), ('Y'::"char", date_trunc('year', day::timestamp)::date)
$$;

-- The counter columns in the domain's ReportCounter order (counter n is the n-th name).
CREATE OR REPLACE FUNCTION dl_counter_columns() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['received_direct', 'received_online', 'received_postal', 'resolved_early', 'resolved_on_time',
                 'resolved_overdue', 'withdrawn', 'stopped', 'overdue_started', 'overdue_ended', 'digitized_received',
                 'digitized_closed', 'fee_received', 'paid_online_received', 'complaint_resolved', 'closed_in_time',
                 'multi_supplement_received', 'multi_supplement_closed', 'multi_supplement_overdue_started',
                 'multi_supplement_overdue_ended']
$$;

-- Turns each statement's changes of facts rows into counter deltas: the contributions of the rows it added minus
-- those of the rows it removed (an update is both), summed per unit, procedure and day / month / year. Once per
-- statement: one dossier through the API, or a whole batch of the import or a rebuild in one set-based pass. The
-- function is written out here from the counter list, so it runs as plain SQL.
DO $do$
DECLARE
    counters text[] := dl_counter_columns();
    deltas text := (SELECT string_agg(format('coalesce(sum(c.sign) FILTER (WHERE c.counter = %s), 0) AS %I', n - 1, counters[n]), ', ')
                    FROM generate_series(1, cardinality(counters)) n);
    nonzero text := (SELECT string_agg(format('%I <> 0', c), ' OR ') FROM unnest(counters) c);
    additions text := (SELECT string_agg(format('%1$I = b.%1$I + EXCLUDED.%1$I', c), ', ') FROM unnest(counters) c);
    upsert text := 'INSERT INTO dl_report_buckets AS b (unit_code, grain, bucket, field_code, procedure_code, '
        || array_to_string(counters, ', ') || ') '
        || 'SELECT * FROM (SELECT c.unit_code, g.grain, g.bucket, c.field_code, c.procedure_code, ' || deltas
        || ' FROM (%s) c CROSS JOIN LATERAL dl_day_buckets(c.day) g GROUP BY 1, 2, 3, 4, 5) delta '
        -- Old and new contributions on the same day cancel out: write only what changed, in key order (no deadlocks).
        || 'WHERE ' || nonzero || ' ORDER BY 1, 2, 3, 4, 5 '
        || 'ON CONFLICT (unit_code, grain, bucket, field_code, procedure_code) DO UPDATE SET ' || additions || ';';
    added text := 'SELECT n.unit_code, n.field_code, n.procedure_code, x.day, x.counter, 1 AS sign FROM added n, LATERAL dl_fact_contributions(n) x';
    removed text := 'SELECT o.unit_code, o.field_code, o.procedure_code, x.day, x.counter, -1 AS sign FROM removed o, LATERAL dl_fact_contributions(o) x';
BEGIN
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION dl_count_fact_changes() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                %s
            ELSIF TG_OP = 'DELETE' THEN
                %s
            ELSE
                %s
            END IF;
            RETURN NULL;
        END $body$;
        $f$, format(upsert, added), format(upsert, removed), format(upsert, added || ' UNION ALL ' || removed));
END $do$;

-- The three statement triggers through which every change of a table reaches a function that follows it: the
-- rows a statement added (added) and removed (removed); an update is both. Named <table>_added / _changed / _removed.
CREATE OR REPLACE FUNCTION dl_follow_changes(source text, follower text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', source || '_added', source);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION %I()',
        source || '_added', source, follower);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', source || '_changed', source);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION %I()',
        source || '_changed', source, follower);
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', source || '_removed', source);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION %I()',
        source || '_removed', source, follower);
END $$;

-- Emptying a table empties what is derived from it (the trigger's argument): rebuilds start from nothing.
CREATE OR REPLACE FUNCTION dl_truncate_derived() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('TRUNCATE %I', TG_ARGV[0]);
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS dl_dossier_facts_counts ON dl_dossier_facts;
DROP TRIGGER IF EXISTS dl_dossier_facts_inserts ON dl_dossier_facts;
DROP FUNCTION IF EXISTS dl_apply_fact_change();
DROP FUNCTION IF EXISTS dl_apply_fact_inserts();
SELECT dl_follow_changes('dl_dossier_facts', 'dl_count_fact_changes');
DROP TRIGGER IF EXISTS dl_dossier_facts_truncate ON dl_dossier_facts;
CREATE TRIGGER dl_dossier_facts_truncate AFTER TRUNCATE ON dl_dossier_facts
    FOR EACH STATEMENT EXECUTE FUNCTION dl_truncate_derived('dl_report_buckets');
DROP FUNCTION IF EXISTS dl_truncate_buckets();

CREATE INDEX IF NOT EXISTS dl_dossier_facts_unit_received ON dl_dossier_facts (unit_code, received_on);

-- The same counters per unit only (no field or procedure): what a report without grouping reads. A province
-- report covers tens or hundreds of communes; per unit a point in time is at most 5 + 11 + 30 rows here, against
-- that many times every procedure in the detailed buckets. Kept from the detailed buckets by their own changes
-- (statement triggers with transition tables), so the contribution arithmetic stays in one place.
CREATE TABLE IF NOT EXISTS dl_report_unit_buckets (LIKE dl_report_buckets INCLUDING DEFAULTS);
ALTER TABLE dl_report_unit_buckets DROP COLUMN IF EXISTS field_code, DROP COLUMN IF EXISTS procedure_code;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'dl_report_unit_buckets_pkey') THEN
        ALTER TABLE dl_report_unit_buckets ADD CONSTRAINT dl_report_unit_buckets_pkey PRIMARY KEY (unit_code, grain, bucket);
    END IF;
END $$;

-- Adds the counter changes of one statement on dl_report_buckets (rows added minus rows removed) to the unit
-- buckets. The function is written out here from the counter columns, so it runs as plain SQL on every write.
DO $do$
DECLARE
    counters text[] := dl_counter_columns();
    columns text := array_to_string(counters, ', ');
    additions text := (SELECT string_agg(format('%1$I = u.%1$I + EXCLUDED.%1$I', c), ', ') FROM unnest(counters) c);
    upsert text := 'INSERT INTO dl_report_unit_buckets AS u (unit_code, grain, bucket, ' || columns || ') '
        || 'SELECT unit_code, grain, bucket, %s FROM %s GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 '
        || 'ON CONFLICT (unit_code, grain, bucket) DO UPDATE SET ' || additions || ';';
BEGIN
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION dl_roll_up_units() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                %s
            ELSIF TG_OP = 'DELETE' THEN
                %s
            ELSE
                %s
            END IF;
            RETURN NULL;
        END $body$;
        $f$,
        format(upsert, (SELECT string_agg(format('sum(%I)', c), ', ') FROM unnest(counters) c), 'added'),
        format(upsert, (SELECT string_agg(format('-sum(%I)', c), ', ') FROM unnest(counters) c), 'removed'),
        format(upsert, (SELECT string_agg(format('sum(sign * %I)', c), ', ') FROM unnest(counters) c),
            '(SELECT 1 AS sign, * FROM added UNION ALL SELECT -1, * FROM removed) c'));

    -- A database from before the unit buckets: fill them once from the detailed ones.
    IF NOT EXISTS (SELECT 1 FROM dl_report_unit_buckets) THEN
        EXECUTE format('INSERT INTO dl_report_unit_buckets (unit_code, grain, bucket, %s) SELECT unit_code, grain, bucket, %s '
            || 'FROM dl_report_buckets GROUP BY 1, 2, 3', columns,
            (SELECT string_agg(format('sum(%I)', c), ', ') FROM unnest(counters) c));
    END IF;
END $do$;

SELECT dl_follow_changes('dl_report_buckets', 'dl_roll_up_units');
DROP TRIGGER IF EXISTS dl_report_buckets_truncate ON dl_report_buckets;
CREATE TRIGGER dl_report_buckets_truncate AFTER TRUNCATE ON dl_report_buckets
    FOR EACH STATEMENT EXECUTE FUNCTION dl_truncate_derived('dl_report_unit_buckets');
DROP FUNCTION IF EXISTS dl_truncate_unit_buckets();



-- Receipt numbers the API generates (số biên nhận) draw from one ledger-wide sequence.
CREATE SEQUENCE IF NOT EXISTS dl_receipt_number_seq;


-- Idempotency keys: what a POST with an Idempotency-Key answered, so the same caller's retry gets the same answer.
-- A key is its caller's: the table was first keyed on the key alone, and those rows cannot be told apart by caller,
-- so an older table is dropped (a retry of a request sent before the upgrade runs as a new request).
DO $$
BEGIN
    IF to_regclass('dl_idempotency') IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('dl_idempotency') AND attname = 'caller' AND NOT attisdropped) THEN
        DROP TABLE dl_idempotency;
    END IF;
END $$;
CREATE TABLE IF NOT EXISTS dl_idempotency (
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
CREATE INDEX IF NOT EXISTS dl_idempotency_created ON dl_idempotency (created_at);
