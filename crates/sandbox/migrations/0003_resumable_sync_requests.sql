-- A sync request remembers what it runs and whether it ended, so a restart resumes the syncs it interrupted.
-- Rows from before this migration count as done (their job is unknown).
ALTER TABLE sync_requests ADD COLUMN state TEXT NOT NULL DEFAULT 'DONE';
ALTER TABLE sync_requests ADD COLUMN job TEXT;
CREATE INDEX sync_requests_running ON sync_requests (state);
