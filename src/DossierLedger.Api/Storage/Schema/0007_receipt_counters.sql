-- Receipt numbers by day (Receipts:Format=daily, Dossiers/ReceiptNumbers.cs): for each resolving authority and local
-- receipt day, the next number no node has drawn yet. A node moves it on by a block in a statement committed on its
-- own, so a block is never drawn twice, and a receipt that fails afterwards leaves a gap, never a duplicate.
CREATE TABLE IF NOT EXISTS dl_receipt_counters (
    unit_code text   NOT NULL,
    day       date   NOT NULL,
    next      bigint NOT NULL,
    PRIMARY KEY (unit_code, day)
);
