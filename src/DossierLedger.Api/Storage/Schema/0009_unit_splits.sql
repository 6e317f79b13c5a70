-- Unit splits (Units/UnitSplits.cs). A split hands every pending dossier of the split unit to a successor in the
-- transaction that records it; a receipt or hand-over to that unit racing it must then either be seen by the split
-- (and allocated) or see the split (and be refused), never commit after the split read the unit's dossiers.
-- The split holds an exclusive transaction lock on the unit's key while it reads and writes; every receipt and
-- hand-over takes the same key shared in its own transaction (dl_unit_takes_dossier), then looks the unit up here.
CREATE TABLE IF NOT EXISTS dl_unit_splits (
    unit_code      text PRIMARY KEY,
    effective_from date NOT NULL
);

CREATE OR REPLACE FUNCTION dl_unit_lock_key(unit text) RETURNS bigint
    LANGUAGE sql IMMUTABLE AS $$ SELECT hashtextextended('dl-unit:' || unit, 0) $$;

-- Called in the transaction of a receipt or hand-over giving a dossier to "unit": waits for a split of it being
-- recorded, and refuses (SQLSTATE DLU01, answered 409 unit-split) when the unit has been split. A procedure: CALL
-- returns no result set, which the batch of statements it is queued in does not expect.
CREATE OR REPLACE PROCEDURE dl_unit_takes_dossier(unit text)
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(dl_unit_lock_key(unit));
    IF EXISTS (SELECT 1 FROM dl_unit_splits WHERE unit_code = unit) THEN
        RAISE EXCEPTION USING ERRCODE = 'DLU01',
            MESSAGE = 'Unit ' || unit || ' was split and its pending dossiers allocated; give the dossier to the successor it belongs to.';
    END IF;
END $$;
