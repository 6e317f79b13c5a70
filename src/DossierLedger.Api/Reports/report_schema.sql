-- Report storage: one row of facts per dossier (Reports/DossierFactsTable.cs), and counters per unit, procedure
-- and day / month / year, and per unit alone (Reports/CounterTables.cs). The dossier projection writes all three from
-- the domain's rules; nothing here decides a figure. The script is idempotent and brings an older schema up to date.

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

CREATE INDEX IF NOT EXISTS dl_dossier_facts_unit_received ON dl_dossier_facts (unit_code, received_on);

-- The same counters per unit only (no field or procedure): what a report without grouping reads. A province
-- report covers tens or hundreds of communes; per unit a point in time is at most 5 + 11 + 30 rows here, against
-- that many times every procedure in the detailed buckets. Written with them, from the same changes summed per unit.
CREATE TABLE IF NOT EXISTS dl_report_unit_buckets (LIKE dl_report_buckets INCLUDING DEFAULTS);
ALTER TABLE dl_report_unit_buckets DROP COLUMN IF EXISTS field_code, DROP COLUMN IF EXISTS procedure_code;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'dl_report_unit_buckets_pkey') THEN
        ALTER TABLE dl_report_unit_buckets ADD CONSTRAINT dl_report_unit_buckets_pkey PRIMARY KEY (unit_code, grain, bucket);
    END IF;
END $$;

-- Counter changes as writes append them, until the compactor adds them into the two tables above (CounterTables.cs).
-- No key: appending never waits on a row another write holds.
CREATE TABLE IF NOT EXISTS dl_counter_changes (LIKE dl_report_buckets INCLUDING DEFAULTS);

-- The counters were once kept by triggers from SQL copies of the report rules; the projection now writes them.
DROP TRIGGER IF EXISTS dl_dossier_facts_added ON dl_dossier_facts;
DROP TRIGGER IF EXISTS dl_dossier_facts_changed ON dl_dossier_facts;
DROP TRIGGER IF EXISTS dl_dossier_facts_removed ON dl_dossier_facts;
DROP TRIGGER IF EXISTS dl_dossier_facts_truncate ON dl_dossier_facts;
DROP TRIGGER IF EXISTS dl_report_buckets_added ON dl_report_buckets;
DROP TRIGGER IF EXISTS dl_report_buckets_changed ON dl_report_buckets;
DROP TRIGGER IF EXISTS dl_report_buckets_removed ON dl_report_buckets;
DROP TRIGGER IF EXISTS dl_report_buckets_truncate ON dl_report_buckets;
DROP FUNCTION IF EXISTS dl_count_fact_changes(), dl_roll_up_units(), dl_truncate_derived(), dl_follow_changes(text, text),
    dl_fact_contributions(dl_dossier_facts), dl_day_buckets(date), dl_counter_columns();

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
