-- Receipt numbers taken, one row per number, written only in async projection mode (Projections:Mode=Async).
-- In inline mode the unique index on the Dossier document refuses a duplicate number inside the transaction that
-- appends the receipt. In async mode that document is written later by the projection daemon, where a duplicate
-- would stop the projection; so the receipt endpoint claims its number here, in the appending transaction, and a
-- second claim of the same number fails that transaction instead (409 duplicate-receipt-number).
CREATE TABLE IF NOT EXISTS dl_receipt_claims (
    unit_code  text NOT NULL,
    receipt_no text NOT NULL,
    PRIMARY KEY (unit_code, receipt_no)
);
