-- The dossiers behind a figure are listed in order of receipt from inside a box of receipt and closing dates
-- (FigureMembership.WindowOf). A GiST index over the unit and both dates answers such a box in receipt-date order (its
-- nearest-neighbour ordering from the earliest date), so a page of a province's year reads about a page of rows rather
-- than the year, and a commune's page reads its own rows only. btree_gist is a trusted extension: the database's owner
-- may create it. An open dossier closes never, written as 9999-12-31 (DossierFactsTable.ClosedOrNever).
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE INDEX IF NOT EXISTS dl_dossier_facts_dates
    ON dl_dossier_facts USING gist (unit_code, received_on, (coalesce(closed_on, '9999-12-31'::date)));
