-- The mode the nodes last started in (ProjectionModeSwitch), one row. Nodes created this table themselves at start
-- before the schema was migrated; a database only ever touched by commands (seed-demo, import) lacks it, hence the
-- one IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS dl_projection_mode (
    id         int         PRIMARY KEY CHECK (id = 1),
    mode       text        NOT NULL CHECK (mode IN ('inline', 'async')),
    changed_at timestamptz NOT NULL DEFAULT now()
);
