package org.activityloader.catalog;

import java.sql.SQLException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * An insert that another process may have made first (a first offset, a lease, a job's first row):
 * the key refuses the second with SQLSTATE 23505, on H2 and PostgreSQL alike, which is an answer,
 * not a failure. Inside a PostgreSQL transaction that answer aborts it: the caller rolls back.
 */
final class UniqueInsert {
    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueInsert() {
    }

    /** Runs the insert; false when the key refused it because the row is there already. */
    static boolean inserted(Runnable insert) {
        try {
            insert.run();
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
    }
}
