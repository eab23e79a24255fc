package org.activityloader.catalog;

import java.io.EOFException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Whether a failure is the loss of the catalog's connection (the database restarting, failing over,
 * or, with H2's AUTO_SERVER, the process that served the file going away) rather than a refusal of
 * what was asked: the one kind of failure worth asking again, on a new connection. Whatever wraps
 * it (Jdbi's statement exceptions, a DAO's own), the cause chain tells. Pure.
 */
public final class ConnectionLoss {
    /**
     * H2: 90067 connection broken, 90098 database closed, 90020 and 8000 the file opened by another
     * process that is starting (or stopping) to serve it, 90121 database closed by the VM's shutdown.
     */
    private static final Set<Integer> H2_CODES = Set.of(90067, 90098, 90020, 8000, 90121);
    /** PostgreSQL: the server shutting down or starting up (admin, crash, cannot connect now). */
    private static final Set<String> POSTGRES_STATES = Set.of("57P01", "57P02", "57P03");

    private ConnectionLoss() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLNonTransientConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof org.jdbi.v3.core.ConnectionException || t instanceof SocketException || t instanceof EOFException
                    || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && (sql.getSQLState() != null && (sql.getSQLState().startsWith("08")
                    || POSTGRES_STATES.contains(sql.getSQLState())) || H2_CODES.contains(sql.getErrorCode()))) {
                return true;
            }
        }
        return false;
    }
}
