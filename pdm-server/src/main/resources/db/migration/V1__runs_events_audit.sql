-- A run of the plan. The run's full state (stages, attempts, pipelines) is the JSON the core state machine works on;
-- the columns beside it are what queries and constraints need.
CREATE TABLE runs (
    id              uuid        PRIMARY KEY,
    plan_id         text        NOT NULL,
    status          text        NOT NULL,
    active          boolean     NOT NULL DEFAULT true,
    requested_by    text        NOT NULL,
    idempotency_key text,
    state           jsonb       NOT NULL,
    last_seq        bigint      NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- At most one active run per plan: two simultaneous requests make one run, the other gets a conflict.
CREATE UNIQUE INDEX runs_one_active_per_plan ON runs (plan_id) WHERE active;
CREATE UNIQUE INDEX runs_idempotency_key ON runs (idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX runs_created_at ON runs (created_at DESC);

-- Append-only log of everything that happened to a run, numbered per run, so that a client can resume from a number.
CREATE TABLE run_events (
    run_id  uuid        NOT NULL REFERENCES runs (id),
    seq     bigint      NOT NULL,
    type    text        NOT NULL,
    payload jsonb       NOT NULL,
    at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, seq)
);

-- Who asked for what: triggers, retries, cancels, overrides, mitigations, with their reasons.
CREATE TABLE audit_log (
    id      bigserial   PRIMARY KEY,
    run_id  uuid        REFERENCES runs (id),
    actor   text        NOT NULL,
    action  text        NOT NULL,
    reason  text,
    detail  jsonb       NOT NULL DEFAULT '{}'::jsonb,
    at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_run ON audit_log (run_id, id);

-- Which replica drives which run, until when. A replica that stops renewing loses the run to another.
CREATE TABLE run_leases (
    run_id     uuid        PRIMARY KEY REFERENCES runs (id),
    owner      text        NOT NULL,
    expires_at timestamptz NOT NULL
);
