-- Withdrawn and stopped dossiers judged against their due (ReportCounter 20-23), which the official Biểu 06 counts
-- as resolved. The columns start at zero: on a ledger that already holds dossiers, `rebuild` derives them, and the
-- report model recorded below keeps reports unanswered until it has (docs/operations.md, "Upgrading").
ALTER TABLE dl_report_buckets
    ADD COLUMN IF NOT EXISTS withdrawn_early   bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS withdrawn_overdue bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS stopped_early     bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS stopped_overdue   bigint NOT NULL DEFAULT 0;
ALTER TABLE dl_report_unit_buckets
    ADD COLUMN IF NOT EXISTS withdrawn_early   bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS withdrawn_overdue bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS stopped_early     bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS stopped_overdue   bigint NOT NULL DEFAULT 0;
ALTER TABLE dl_counter_changes
    ADD COLUMN IF NOT EXISTS withdrawn_early   bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS withdrawn_overdue bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS stopped_early     bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS stopped_overdue   bigint NOT NULL DEFAULT 0;

-- The report model the stored counters were derived for (ReportModel.Version), one row. A ledger upgraded with
-- dossiers in it has none: its counters are of model 1, from before the model was recorded. A start on a ledger
-- without dossier events, and every rebuild, record the current model (ReportModelStamp).
CREATE TABLE IF NOT EXISTS dl_report_model (
    id         int         PRIMARY KEY CHECK (id = 1),
    version    int         NOT NULL,
    stamped_at timestamptz NOT NULL DEFAULT now()
);
