-- The catalog's own id, written once by the first command that opens it: a warehouse records the id of
-- the catalog whose files it holds, so that a second catalog pointed at it (another environment's job
-- file, a copy) is refused before its repair or clean-up deletes files it does not know.
-- Re-runnable from its first statement (see V1).
CREATE TABLE IF NOT EXISTS catalog_identity (
    singleton   INTEGER NOT NULL PRIMARY KEY,
    catalog_id  VARCHAR(36) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT catalog_identity_one_row CHECK (singleton = 1)
);
