-- Leases are fences. Every change of holder (or a lapse of the holder's own lease) makes a new epoch, and every write
-- made on a lease's behalf checks, in its own transaction, that the epoch still holds: a replica that was paused or
-- cut off and lost the run cannot store what it learned after another replica took over.
ALTER TABLE run_leases ADD COLUMN epoch bigint NOT NULL DEFAULT 1;

-- Commands run in two lanes per run, each in order: chat announcements never wait behind GitLab work (a trigger that
-- waits for GitLab's answer, a slow triage), and GitLab work never waits behind chat.
ALTER TABLE run_commands ADD COLUMN lane text NOT NULL DEFAULT 'work';
UPDATE run_commands SET lane = 'notify' WHERE command ->> 'type' = 'Notify';

-- 'done' (its outcome stored with it), 'failed' (gave up after its retry budget; the failure is on the run), or
-- 'pending'. A command's outcome and its status change are one transaction.
ALTER TABLE run_commands ADD COLUMN outcome text;

DROP INDEX run_commands_pending;
CREATE INDEX run_commands_pending ON run_commands (run_id, lane, seq, idx) WHERE status = 'pending';
