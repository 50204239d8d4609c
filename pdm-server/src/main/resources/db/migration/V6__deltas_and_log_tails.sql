-- What pdm has read of each followed migration job's log: where reading goes on from (a line boundary), the migration
-- in progress there, how many finished, whether the log is complete, and its latest lines for display. Written in the
-- same transaction as the JobLog event carrying the lines it read, and only by a writer that read from the offset
-- stored here: after a restart, or on another replica, the log is read on from resume_offset, no line lost or repeated.
CREATE TABLE job_log_tails (
    run_id        uuid        NOT NULL REFERENCES runs (id),
    job_id        bigint      NOT NULL,
    stage_id      text        NOT NULL,
    resume_offset bigint      NOT NULL,
    running       jsonb,
    migrated      bigint      NOT NULL DEFAULT 0,
    complete      boolean     NOT NULL DEFAULT false,
    lines         jsonb       NOT NULL DEFAULT '[]'::jsonb,
    seq           bigint      NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, job_id)
);

-- Events carry what changed (a JSON Patch of the run's state, "changes") instead of the whole run after them. Events
-- stored before carry that whole run: rewritten as one change replacing /run.
UPDATE run_events SET payload = (payload - 'run') || jsonb_build_object('changes',
    jsonb_build_array(jsonb_build_object('op', 'replace', 'path', '/run', 'value', payload -> 'run')))
  WHERE payload ? 'run' AND NOT payload ? 'changes';

-- The runs changed since a moment: what a replica reads again after its LISTEN connection dropped.
CREATE INDEX runs_updated_at ON runs (updated_at);

-- The pipelines an active run follows now (its running stages' current pipelines): a webhook naming a pipeline finds
-- the runs it concerns with one indexed read.
ALTER TABLE runs ADD COLUMN followed_pipelines bigint[] NOT NULL DEFAULT '{}';
CREATE INDEX runs_followed_pipelines ON runs USING gin (followed_pipelines) WHERE active;
