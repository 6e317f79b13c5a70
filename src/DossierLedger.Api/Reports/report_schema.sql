-- Report storage: one row of facts per dossier, and counters per unit, procedure and day / month / year.
-- The facts are written by the DossierFactsProjection; the counters are kept by the trigger below,
-- which turns each change of a facts row into the difference of its old and new contributions. A rebuild
-- (ProjectionRebuilder) loads the facts with that trigger off and sums the counters in one statement from the
-- same functions.
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
RETURNS TABLE (grain "char", bucket date) LANGUAGE sql STABLE AS $$
    VALUES ('D'::"char", day), ('M'::"char", date_trunc('month', day)::date), ('Y'::"char", date_trunc('year', day)::date)
$$;

CREATE OR REPLACE FUNCTION dl_apply_fact_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dl_report_buckets AS b (unit_code, grain, bucket, field_code, procedure_code,
        received_direct, received_online, received_postal, resolved_early, resolved_on_time, resolved_overdue, withdrawn, stopped, overdue_started, overdue_ended, digitized_received, digitized_closed, fee_received, paid_online_received, complaint_resolved, closed_in_time, multi_supplement_received, multi_supplement_closed, multi_supplement_overdue_started, multi_supplement_overdue_ended)
    SELECT * FROM (
        SELECT c.unit_code, g.grain, g.bucket, c.field_code, c.procedure_code,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 0), 0) AS d0,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 1), 0) AS d1,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 2), 0) AS d2,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 3), 0) AS d3,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 4), 0) AS d4,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 5), 0) AS d5,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 6), 0) AS d6,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 7), 0) AS d7,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 8), 0) AS d8,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 9), 0) AS d9,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 10), 0) AS d10,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 11), 0) AS d11,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 12), 0) AS d12,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 13), 0) AS d13,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 14), 0) AS d14,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 15), 0) AS d15,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 16), 0) AS d16,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 17), 0) AS d17,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 18), 0) AS d18,
               coalesce(sum(c.sign) FILTER (WHERE c.counter = 19), 0) AS d19
        FROM (
            SELECT OLD.unit_code, OLD.field_code, OLD.procedure_code, x.day, x.counter, -1 AS sign
            FROM dl_fact_contributions(OLD) x WHERE TG_OP IN ('UPDATE', 'DELETE')
            UNION ALL
            SELECT NEW.unit_code, NEW.field_code, NEW.procedure_code, x.day, x.counter, 1
            FROM dl_fact_contributions(NEW) x WHERE TG_OP IN ('INSERT', 'UPDATE')
        ) c
        CROSS JOIN LATERAL dl_day_buckets(c.day) g
        GROUP BY 1, 2, 3, 4, 5
    ) delta
    -- Old and new contributions on the same day cancel out: write only what changed.
    WHERE (d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13, d14, d15, d16, d17, d18, d19) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    ON CONFLICT (unit_code, grain, bucket, field_code, procedure_code) DO UPDATE SET
        received_direct = b.received_direct + EXCLUDED.received_direct,
        received_online = b.received_online + EXCLUDED.received_online,
        received_postal = b.received_postal + EXCLUDED.received_postal,
        resolved_early = b.resolved_early + EXCLUDED.resolved_early,
        resolved_on_time = b.resolved_on_time + EXCLUDED.resolved_on_time,
        resolved_overdue = b.resolved_overdue + EXCLUDED.resolved_overdue,
        withdrawn = b.withdrawn + EXCLUDED.withdrawn,
        stopped = b.stopped + EXCLUDED.stopped,
        overdue_started = b.overdue_started + EXCLUDED.overdue_started,
        overdue_ended = b.overdue_ended + EXCLUDED.overdue_ended,
        digitized_received = b.digitized_received + EXCLUDED.digitized_received,
        digitized_closed = b.digitized_closed + EXCLUDED.digitized_closed,
        fee_received = b.fee_received + EXCLUDED.fee_received,
        paid_online_received = b.paid_online_received + EXCLUDED.paid_online_received,
        complaint_resolved = b.complaint_resolved + EXCLUDED.complaint_resolved,
        closed_in_time = b.closed_in_time + EXCLUDED.closed_in_time,
        multi_supplement_received = b.multi_supplement_received + EXCLUDED.multi_supplement_received,
        multi_supplement_closed = b.multi_supplement_closed + EXCLUDED.multi_supplement_closed,
        multi_supplement_overdue_started = b.multi_supplement_overdue_started + EXCLUDED.multi_supplement_overdue_started,
        multi_supplement_overdue_ended = b.multi_supplement_overdue_ended + EXCLUDED.multi_supplement_overdue_ended;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS dl_dossier_facts_counts ON dl_dossier_facts;
CREATE TRIGGER dl_dossier_facts_counts AFTER INSERT OR UPDATE OR DELETE ON dl_dossier_facts
    FOR EACH ROW EXECUTE FUNCTION dl_apply_fact_change();

-- Rebuilding the facts starts from an empty table: the counters go with it.
CREATE OR REPLACE FUNCTION dl_truncate_buckets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE dl_report_buckets;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS dl_dossier_facts_truncate ON dl_dossier_facts;
CREATE TRIGGER dl_dossier_facts_truncate AFTER TRUNCATE ON dl_dossier_facts
    FOR EACH STATEMENT EXECUTE FUNCTION dl_truncate_buckets();

CREATE INDEX IF NOT EXISTS dl_dossier_facts_unit_received ON dl_dossier_facts (unit_code, received_on);

-- Receipt numbers the API generates (số biên nhận) draw from one ledger-wide sequence.
CREATE SEQUENCE IF NOT EXISTS dl_receipt_number_seq;


-- Idempotency keys: what a POST with an Idempotency-Key answered, so a retry gets the same answer.
CREATE TABLE IF NOT EXISTS dl_idempotency (
    key           text        PRIMARY KEY,
    fingerprint   bytea       NOT NULL,           -- SHA-256 of method, path and body
    status        int         NULL,               -- null while the first request is in flight
    content_type  text        NULL,
    location      text        NULL,
    body          bytea       NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz NULL
);
