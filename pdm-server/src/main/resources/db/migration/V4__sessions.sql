-- Web page sessions. The cookie holds a random session id; only its SHA-256 is stored, so a copy of this table signs
-- nobody in. A session names the token it was opened with (name, and a fingerprint of the configured hash), so that
-- removing or changing that token in the configuration ends its sessions; it ends by itself after expires_at, or when
-- unused for the configured idle time.
CREATE TABLE sessions (
    id_hash           text        PRIMARY KEY,
    token_name        text        NOT NULL,
    token_fingerprint text        NOT NULL,
    created_at        timestamptz NOT NULL,
    last_used_at      timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
