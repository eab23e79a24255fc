package org.activityloader.report;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.ValueRefusedException;
import org.activityloader.config.JobSpec;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.write.Storage;

/**
 * Runs reports and ad-hoc queries. Warehouse queries read the files live at one catalog version
 * (the newest whose runs are all published, or {@code --as-of}), through {@link WarehouseViews};
 * catalog reports read the catalog now, with {@code :job} bound.
 */
public final class ReportRunner {
    private static final int FETCH_SIZE = 2048;

    private final Catalog catalog;
    private final Storage storage;

    public ReportRunner(Catalog catalog, Storage storage) {
        this.catalog = catalog;
        this.storage = storage;
    }

    /** The report with its parameters' defaults, at the newest readable version. */
    public PreparedQuery run(Report report, JobSpec spec) {
        return run(report, spec, Map.of(), Optional.empty());
    }

    /**
     * @param values parameter values by name (--param, --from, --to); unknown names and values a parameter
     *               cannot take are refused ({@link IllegalArgumentException}) before anything runs
     * @param asOf   the catalog version to read, or the newest readable one (warehouse reports only)
     */
    public PreparedQuery run(Report report, JobSpec spec, Map<String, String> values, Optional<Long> asOf) {
        Map<String, String> params = ReportParameters.resolve(report, values);
        if (report.source() == Report.Source.CATALOG && asOf.isPresent()) {
            throw new IllegalArgumentException("report " + report.name() + " reads the catalog as it is now; --as-of applies to"
                    + " the reports on the warehouse's files");
        }
        long version = version(spec, asOf);
        if (report.source() == Report.Source.CATALOG) {
            return new PreparedQuery(new ReportResult(report.name(), spec.name(), report.description(), version, params,
                    Optional.empty(), report.chart()), writer -> catalogRows(report, spec, params, writer));
        }
        List<DataFileRow> files = catalog.manifest().liveAt(spec.name(), version);
        return new PreparedQuery(new ReportResult(report.name(), spec.name(), report.description(), version, params,
                openFrom(spec), report.chart()), writer -> query(files, spec, report.sql(), params, false, writer));
    }

    /** Ad-hoc SQL over the same views (checked by {@link SqlGuard} first). */
    public PreparedQuery sql(String sql, JobSpec spec, Optional<Long> asOf) {
        long version = version(spec, asOf);
        List<DataFileRow> files = catalog.manifest().liveAt(spec.name(), version);
        return new PreparedQuery(new ReportResult("sql", spec.name(), "", version, Map.of(), openFrom(spec),
                Optional.empty()), writer -> query(files, spec, sql, Map.of(), true, writer));
    }

    /** A catalog report, {@code :job} bound, its rows streamed from the database's cursor. */
    private void catalogRows(Report report, JobSpec spec, Map<String, String> params, RowWriter writer) throws IOException {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("job", spec.name());
        for (String name : NamedParameters.of(report.sql()).names()) {
            if (params.containsKey(name)) {
                values.put(name, params.get(name));
            }
        }
        try {
            catalog.reports().stream(report.sql(), values, FETCH_SIZE, rs -> stream(rs, writer, true));
        } catch (ValueRefusedException e) { // a parameter the query cannot use as it is
            throw new IllegalArgumentException("report " + report.name() + " cannot use its parameters " + params + ": "
                    + e.getMessage(), e);
        }
    }

    private long version(JobSpec spec, Optional<Long> asOf) {
        long readable = catalog.versions().readable(spec.name());
        if (asOf.isPresent() && (asOf.get() < 0 || asOf.get() > readable)) {
            throw new IllegalArgumentException("--as-of " + asOf.get() + ": job " + spec.name() + " is at catalog version " + readable
                    + " (versions 0 to " + readable + " can be read)");
        }
        return asOf.orElse(readable);
    }

    /** @param adHoc a user's text: run only if DuckDB's parser reads it as one query */
    private void query(List<DataFileRow> files, JobSpec spec, String sql, Map<String, String> params, boolean adHoc, RowWriter writer)
            throws IOException {
        ActivitySchemas schemas = ActivitySchemas.of(spec);
        NamedParameters named = NamedParameters.of(sql);
        List<DataFileRow> current = files;
        for (int attempt = 1; ; attempt++) {
            try (WarehouseViews views = new WarehouseViews(current, storage, schemas)) {
                if (adHoc) {
                    views.notOneQuery(sql).ifPresent(refused -> {
                        throw new IllegalArgumentException(refused);
                    });
                }
                run(views, named, params, writer);
                return;
            } catch (SQLException | WarehouseViews.MissingFilesException e) {
                // A backfill publishing meanwhile moves a replaced file out of its folder: find it again (backfills
                // beside each other may move another file before the second attempt reads it: a few times).
                if (attempt < 5 && (e instanceof WarehouseViews.MissingFilesException || String.valueOf(e.getMessage()).contains("IO Error"))) {
                    List<String> paths = current.stream().map(DataFileRow::path).toList();
                    current = catalog.manifest().withPaths(paths);
                    continue;
                }
                if (e instanceof WarehouseViews.MissingFilesException missing) {
                    throw missing;
                }
                throw new IllegalArgumentException("query failed: " + e.getMessage().lines().findFirst().orElse(e.getMessage()), e);
            }
        }
    }

    private static void run(WarehouseViews views, NamedParameters named, Map<String, String> params, RowWriter writer)
            throws SQLException, IOException {
        try (PreparedStatement st = views.connection().prepareStatement(named.sql())) {
            for (int i = 0; i < named.names().size(); i++) {
                String name = named.names().get(i);
                if (!params.containsKey(name)) {
                    throw new IllegalArgumentException("the query uses :" + name + ", which is not a parameter");
                }
                st.setString(i + 1, params.get(name));
            }
            st.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = st.executeQuery()) {
                stream(rs, writer, false);
            }
        }
    }

    /** When the oldest open hour began: from there on, hours may still receive data (none when every hour is complete). */
    private Optional<Instant> openFrom(JobSpec spec) {
        return HourCounts.of(catalog.hours().open(spec.name()), spec.eventTime().zone()).oldestOpenStart();
    }

    /**
     * Each row to the writer as the cursor reaches it: nothing of the result is held.
     *
     * @param lowerCase column names in lower case, as the catalog's SQL writes them (H2 answers in upper case)
     */
    private static void stream(ResultSet rs, RowWriter writer, boolean lowerCase) throws SQLException, IOException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int c = 1; c <= md.getColumnCount(); c++) {
            columns.add(lowerCase ? md.getColumnLabel(c).toLowerCase(java.util.Locale.ROOT) : md.getColumnLabel(c));
        }
        writer.columns(columns);
        while (rs.next()) {
            List<Object> row = new ArrayList<>(columns.size());
            for (int c = 1; c <= columns.size(); c++) {
                row.add(rs.getObject(c));
            }
            writer.row(row);
        }
    }
}
