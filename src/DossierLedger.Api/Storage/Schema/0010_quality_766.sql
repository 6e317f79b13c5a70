-- QĐ 766 by its formula text (report model 4). Counters 28-42: closed in time with several supplement requests, the
-- window an open dossier is late for 2.1, online dossiers and digitized ones lacking the electronic result of a
-- paper-result procedure (3.3, 4.2), dossiers of fee-bearing procedures and those paid online (3.6), paper-result
-- resolutions with and without an electronic one (4.1), data reuse (4.3), and resolutions timed by unit with their
-- processing times summed in thousandths (2.2). The facts gain what those are counted by. Existing counters stay as
-- they are until `rebuild` derives the new ones (reports answer 503 rebuild-required meanwhile).
ALTER TABLE dl_dossier_facts
    ADD COLUMN IF NOT EXISTS fee_bearing                boolean  NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS paper_result               boolean  NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS electronic_result          boolean  NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS reused_data                boolean  NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS time_limit_unit            smallint NULL,
    ADD COLUMN IF NOT EXISTS processing_time_thousandths bigint  NULL,
    ADD COLUMN IF NOT EXISTS awaiting_supplement_since  date     NULL,
    ADD COLUMN IF NOT EXISTS awaited_supplement_request smallint NOT NULL DEFAULT 0;

ALTER TABLE dl_report_buckets
    ADD COLUMN IF NOT EXISTS multi_supplement_closed_in_time              bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS late_for_progress_started                    bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS late_for_progress_ended                      bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS online_without_electronic_result             bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS fee_bearing_received                         bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS paid_online_fee_bearing_received             bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS paper_result_resolved                        bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS paper_result_resolved_electronically         bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS digitized_without_electronic_result_received bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS digitized_without_electronic_result_closed   bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS reused_data_received                         bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS timed_in_working_days                        bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS timed_in_working_hours                       bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS timed_in_calendar_days                       bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS processing_time_thousandths                  bigint NOT NULL DEFAULT 0;

ALTER TABLE dl_report_unit_buckets
    ADD COLUMN IF NOT EXISTS multi_supplement_closed_in_time              bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS late_for_progress_started                    bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS late_for_progress_ended                      bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS online_without_electronic_result             bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS fee_bearing_received                         bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS paid_online_fee_bearing_received             bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS paper_result_resolved                        bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS paper_result_resolved_electronically         bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS digitized_without_electronic_result_received bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS digitized_without_electronic_result_closed   bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS reused_data_received                         bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS timed_in_working_days                        bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS timed_in_working_hours                       bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS timed_in_calendar_days                       bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS processing_time_thousandths                  bigint NOT NULL DEFAULT 0;

ALTER TABLE dl_counter_changes
    ADD COLUMN IF NOT EXISTS multi_supplement_closed_in_time              bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS late_for_progress_started                    bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS late_for_progress_ended                      bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS online_without_electronic_result             bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS fee_bearing_received                         bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS paid_online_fee_bearing_received             bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS paper_result_resolved                        bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS paper_result_resolved_electronically         bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS digitized_without_electronic_result_received bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS digitized_without_electronic_result_closed   bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS reused_data_received                         bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS timed_in_working_days                        bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS timed_in_working_hours                       bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS timed_in_calendar_days                       bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS processing_time_thousandths                  bigint NOT NULL DEFAULT 0;
