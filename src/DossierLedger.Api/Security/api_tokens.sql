-- API tokens: only a SHA-256 hash of each token is kept; the token itself is shown once, when minted.
CREATE TABLE IF NOT EXISTS dl_api_tokens (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,            -- who holds it: recorded as the acting user of what they do
    role        text        NOT NULL,            -- clerk, auditor, reporter, admin
    units       text[]      NOT NULL DEFAULT '{}',
    token_hash  text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz NULL
);
