-- A run's one Slack message (posted once, then updated in place; its thread holds the details) and the chat user who
-- started the run, so that every replica, and pdm after a restart, keeps updating the same message and knows whom to
-- tell when a migration fails.
CREATE TABLE run_chat (
    run_id       uuid        PRIMARY KEY REFERENCES runs (id),
    channel      text,
    ts           text,
    starter_user text,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
