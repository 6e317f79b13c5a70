-- Hand-overs between authorities (DossierHandedOver). A dossier counts in one row of facts per authority that held it
-- (segment 0 from its receipt, one more per hand-over), with the stream versions that authority held it over, which
-- the audit trail shows it. Counters 24-27: received by hand-over, handed over, and handed over early or overdue.
-- Each hand-over also counts, negatively, under its boundary code "<from>><to>" (Reports/DossierFacts.cs), which a
-- report over an area holding both authorities adds: dl_handover_boundaries lists those codes.
ALTER TABLE dl_dossier_facts
    ADD COLUMN IF NOT EXISTS segment         smallint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS handed_in_from  text     NULL,
    ADD COLUMN IF NOT EXISTS handed_over_to  text     NULL,
    ADD COLUMN IF NOT EXISTS from_version    bigint   NOT NULL DEFAULT 1,
    ADD COLUMN IF NOT EXISTS until_version   bigint   NULL;
ALTER TABLE dl_dossier_facts DROP CONSTRAINT IF EXISTS dl_dossier_facts_pkey;
ALTER TABLE dl_dossier_facts ADD CONSTRAINT dl_dossier_facts_pkey PRIMARY KEY (dossier_id, segment);

ALTER TABLE dl_report_buckets
    ADD COLUMN IF NOT EXISTS received_handed_in  bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS handed_over         bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS handed_over_early   bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS handed_over_overdue bigint NOT NULL DEFAULT 0;
ALTER TABLE dl_report_unit_buckets
    ADD COLUMN IF NOT EXISTS received_handed_in  bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS handed_over         bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS handed_over_early   bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS handed_over_overdue bigint NOT NULL DEFAULT 0;
ALTER TABLE dl_counter_changes
    ADD COLUMN IF NOT EXISTS received_handed_in  bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS handed_over         bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS handed_over_early   bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS handed_over_overdue bigint NOT NULL DEFAULT 0;

CREATE TABLE IF NOT EXISTS dl_handover_boundaries (
    code      text PRIMARY KEY,
    from_code text NOT NULL,
    to_code   text NOT NULL
);
