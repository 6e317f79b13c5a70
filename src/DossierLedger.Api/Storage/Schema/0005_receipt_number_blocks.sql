-- Receipt numbers in blocks: each nextval reserves the next hundred numbers for the node that drew it
-- (Dossiers/ReceiptNumbers.cs), instead of costing every receipt a round trip of its own. Numbers already handed
-- out are all below the next block's start, so none is handed out twice.
ALTER SEQUENCE dl_receipt_number_seq INCREMENT BY 100;
