-- Commands a transition asked for, written in the same transaction as the transition, so that a crash between the
-- commit and the execution loses nothing: the replica driving the run executes what is still pending, in order.
CREATE TABLE run_commands (
    run_id     uuid        NOT NULL REFERENCES runs (id),
    seq        bigint      NOT NULL,
    idx        int         NOT NULL,
    command    jsonb       NOT NULL,
    status     text        NOT NULL DEFAULT 'pending',
    attempts   int         NOT NULL DEFAULT 0,
    last_error text,
    not_before timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    done_at    timestamptz,
    PRIMARY KEY (run_id, seq, idx)
);
CREATE INDEX run_commands_pending ON run_commands (run_id, seq, idx) WHERE status = 'pending';
