package org.activityloader.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementException;

/** The reports that read the catalog itself (sql/reports, source catalog): their rows streamed from its cursor. */
public final class CatalogReports {
    private final Catalog catalog;

    CatalogReports(Catalog catalog) {
        this.catalog = catalog;
    }

    /** What reads a report's rows as the cursor reaches them. */
    @FunctionalInterface
    public interface Rows {
        void read(ResultSet rows) throws SQLException, IOException;
    }

    /**
     * Runs the query with the named values bound, handing its rows over as they come: nothing of the
     * result is held. In a transaction: PostgreSQL streams with a cursor only outside autocommit; not
     * made again when the connection is lost (some rows may have gone out).
     *
     * @throws ValueRefusedException the database cannot use one of the values as it is
     */
    public void stream(String sql, Map<String, String> values, int fetchSize, Rows rows) throws IOException {
        try {
            catalog.inOneTransaction(h -> {
                Query query = h.createQuery(sql).setFetchSize(fetchSize);
                values.forEach(query::bind);
                return query.scanResultSet((supplier, ctx) -> {
                    try (ResultSet rs = supplier.get()) {
                        rows.read(rs);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return null;
                });
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (StatementException e) {
            if (e.getCause() instanceof SQLException refused && refused.getSQLState() != null && refused.getSQLState().startsWith("22")) {
                throw new ValueRefusedException(String.valueOf(refused.getMessage()).lines().findFirst().orElse(""), e);
            }
            throw e; // not a data exception: the catalog failed, not the values
        }
    }
}
