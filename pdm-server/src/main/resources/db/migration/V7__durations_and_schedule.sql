-- Each post-deploy migration's duration as its job log printed it ("migrated (12.3456s)"), per environment and job:
-- the staging figure is what a production run is compared with, and the history is shown per migration. A job's log
-- is read again after a restart or a replica takeover, so a (job, version) is stored once.
CREATE TABLE migration_durations (
  environment  text             NOT NULL,
  version      text             NOT NULL,
  class_name   text             NOT NULL,
  tier         text             NOT NULL,
  run_id       uuid             NOT NULL REFERENCES runs (id),
  stage_id     text             NOT NULL,
  attempt      integer          NOT NULL,
  job_id       bigint           NOT NULL,
  seconds      double precision NOT NULL,
  finished_at  timestamptz      NOT NULL,
  PRIMARY KEY (job_id, version)
);
CREATE INDEX migration_durations_by_version ON migration_durations (version, environment, finished_at DESC);
CREATE INDEX migration_durations_by_environment ON migration_durations (environment, finished_at DESC);

-- Every firing of schedule.auto_execute, decided once across replicas (the first to insert it decides), with what the
-- decision was made from: "why did it (not) run?" has an answer also for skipped firings.
CREATE TABLE schedule_firings (
  fired_for   timestamptz NOT NULL PRIMARY KEY,
  decided_by  text        NOT NULL,
  outcome     text        NOT NULL DEFAULT 'deciding',
  reason      text,
  run_id      uuid,
  inputs      jsonb       NOT NULL DEFAULT '{}'::jsonb,
  decided_at  timestamptz NOT NULL DEFAULT now()
);
