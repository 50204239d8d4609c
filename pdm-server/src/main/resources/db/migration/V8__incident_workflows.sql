-- A run whose failed stage has an incident workflow pdm still follows (an unresolved incident, a fix not yet on every
-- environment, a release checklist item not yet ticked) is driven like an active run, finished or not: the replica
-- holding it reads GitLab for the workflow. Derived from the stored state, so no write can forget to set it.
ALTER TABLE runs ADD COLUMN incident_open boolean NOT NULL
    GENERATED ALWAYS AS (jsonb_path_exists(state, '$.incidents.* ? (@.following == true)')) STORED;
CREATE INDEX runs_incident_open ON runs (created_at) WHERE incident_open;
