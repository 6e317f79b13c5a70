-- The public lookup finds a dossier by its receipt number alone, as a person typed it (upper-cased): the unique index
-- of (unit, receipt number) cannot serve that, as it leads with the unit. Every lookup is this one indexed read, found
-- or not, so a wrong number and a wrong secret cost the same. Marten is told to leave it alone (HostSetup).
CREATE INDEX IF NOT EXISTS dl_dossier_receipt_no ON mt_doc_dossier (upper(data ->> 'receiptNo'));
