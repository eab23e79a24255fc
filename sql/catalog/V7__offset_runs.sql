-- Exactly which offsets each file holds from each topic-partition: runs of consecutive offsets,
-- as text ("gap+length" pairs, see write.OffsetRuns). A backfill tells by them, for each record it
-- reads again, whether it was in a file it replaces; verify, that no offset is in two live files.
-- NULL: not known (files written before this column, or more runs than the loader keeps).
-- Re-runnable (see V1).
ALTER TABLE file_source ADD COLUMN IF NOT EXISTS offset_runs VARCHAR(1000000);
