package org.activityloader.report;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.FileDao;
import org.activityloader.catalog.FileSourceRow;
import org.activityloader.catalog.RunDao;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.write.Storage;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Runs reports and ad-hoc queries. Warehouse queries read the files live at one catalog version
 * (the newest whose runs are all published, or {@code --as-of}), through {@link WarehouseViews};
 * catalog reports read the catalog now, with {@code :job} bound.
 */
public final class ReportRunner {
    private final Catalog catalog;
    private final Storage storage;

    public ReportRunner(Catalog catalog, Storage storage) {
        this.catalog = catalog;
        this.storage = storage;
    }

    /** The report with its parameters' defaults, at the newest readable version. */
    public ReportResult run(Report report, JobSpec spec) {
        return run(report, spec, Map.of(), Optional.empty());
    }

    /**
     * @param values parameter values by name (--param, --from, --to); unknown names are refused
     * @param asOf   the catalog version to read, or the newest readable one (warehouse reports only)
     */
    public ReportResult run(Report report, JobSpec spec, Map<String, String> values, Optional<Long> asOf) {
        Map<String, String> params = new LinkedHashMap<>();
        report.params().forEach(p -> params.put(p.name(), p.defaultValue()));
        if ((values.containsKey(Report.FROM.name()) || values.containsKey(Report.TO.name())) && !params.containsKey(Report.FROM.name())) {
            throw new IllegalArgumentException("report " + report.name() + " does not filter by event time: --from and --to do not"
                    + " apply to it");
        }
        values.forEach((k, v) -> {
            if (!params.containsKey(k)) {
                throw new IllegalArgumentException("report " + report.name() + " has no parameter " + k + "; its parameters: "
                        + String.join(", ", params.keySet()));
            }
            params.put(k, v);
        });
        if (report.source() == Report.Source.CATALOG && asOf.isPresent()) {
            throw new IllegalArgumentException("report " + report.name() + " reads the catalog as it is now; --as-of applies to"
                    + " the reports on the warehouse's files");
        }
        long version = version(spec, asOf);
        if (report.source() == Report.Source.CATALOG) {
            Table t;
            try {
                t = catalog.read((Handle h) -> {
                    Query q = h.createQuery(report.sql()).bind("job", spec.name());
                    for (String name : NamedParameters.of(report.sql()).names()) {
                        if (params.containsKey(name)) {
                            q.bind(name, params.get(name));
                        }
                    }
                    List<Map<String, Object>> rows = q.mapToMap().list();
                    List<String> columns = rows.isEmpty() ? List.of("(no rows)") : new ArrayList<>(rows.get(0).keySet());
                    return new Table(columns, rows.stream().map(r -> (List<Object>) new ArrayList<>(r.values())).toList());
                });
            } catch (StatementException e) {
                if (!(e.getCause() instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22"))) {
                    throw e; // not a data exception: the catalog failed, not the parameters
                }
                Throwable cause = e.getCause(); // a parameter the query cannot use as it is (a word for a number, say)
                throw new IllegalArgumentException("report " + report.name() + " failed on its parameters " + params + ": "
                        + String.valueOf(cause.getMessage()).lines().findFirst().orElse(""), e);
            }
            return new ReportResult(report.name(), spec.name(), report.description(), version, params, Optional.empty(),
                    report.chart(), t);
        }
        List<DataFileRow> files = catalog.withDao(FileDao.class, d -> d.liveAt(spec.name(), version));
        return new ReportResult(report.name(), spec.name(), report.description(), version, params,
                openFrom(files, spec.eventTime().zone()), report.chart(), query(files, spec, report.sql(), params, false));
    }

    /** Ad-hoc SQL over the same views (checked by {@link SqlGuard} first). */
    public ReportResult sql(String sql, JobSpec spec, Optional<Long> asOf) {
        long version = version(spec, asOf);
        List<DataFileRow> files = catalog.withDao(FileDao.class, d -> d.liveAt(spec.name(), version));
        return new ReportResult("sql", spec.name(), "", version, Map.of(), openFrom(files, spec.eventTime().zone()), Optional.empty(),
                query(files, spec, sql, Map.of(), true));
    }

    private long version(JobSpec spec, Optional<Long> asOf) {
        long readable = catalog.withDao(RunDao.class, d -> d.readableVersion(spec.name()));
        if (asOf.isPresent() && (asOf.get() < 0 || asOf.get() > readable)) {
            throw new IllegalArgumentException("--as-of " + asOf.get() + ": job " + spec.name() + " is at catalog version " + readable
                    + " (versions 0 to " + readable + " can be read)");
        }
        return asOf.orElse(readable);
    }

    /** @param adHoc a user's text: run only if DuckDB's parser reads it as one query */
    private Table query(List<DataFileRow> files, JobSpec spec, String sql, Map<String, String> params, boolean adHoc) {
        ActivitySchemas schemas = ActivitySchemas.load(spec.schemasDir(),
                spec.topics().stream().map(TopicBinding::activityType).distinct().toList());
        NamedParameters named = NamedParameters.of(sql);
        List<DataFileRow> current = files;
        for (int attempt = 1; ; attempt++) {
            try (WarehouseViews views = new WarehouseViews(current, storage, schemas)) {
                if (adHoc) {
                    views.notOneQuery(sql).ifPresent(refused -> {
                        throw new IllegalArgumentException(refused);
                    });
                }
                return run(views, named, params);
            } catch (SQLException e) {
                // A backfill publishing meanwhile moves a replaced file out of its folder: find it again, once.
                if (attempt == 1 && String.valueOf(e.getMessage()).contains("IO Error")) {
                    List<String> paths = current.stream().map(DataFileRow::path).toList();
                    current = catalog.withDao(FileDao.class, d -> d.withPaths(paths));
                    continue;
                }
                throw new IllegalArgumentException("query failed: " + e.getMessage().lines().findFirst().orElse(e.getMessage()), e);
            }
        }
    }

    private static Table run(WarehouseViews views, NamedParameters named, Map<String, String> params) throws SQLException {
        try (PreparedStatement st = views.connection().prepareStatement(named.sql())) {
            for (int i = 0; i < named.names().size(); i++) {
                String name = named.names().get(i);
                if (!params.containsKey(name)) {
                    throw new IllegalArgumentException("the query uses :" + name + ", which is not a parameter");
                }
                st.setString(i + 1, params.get(name));
            }
            try (ResultSet rs = st.executeQuery()) {
                return table(rs);
            }
        }
    }

    /** The hour of the oldest per-partition watermark (the newest event time loaded from each partition). */
    private Optional<Instant> openFrom(List<DataFileRow> files, ZoneId zone) {
        if (files.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Instant> newestOfFile = new HashMap<>();
        files.forEach(f -> newestOfFile.put(f.path(), f.maxEventTime()));
        List<String> paths = files.stream().map(DataFileRow::path).toList();
        Map<String, Instant> watermark = new HashMap<>();
        for (FileSourceRow s : catalog.withDao(FileDao.class, d -> d.sourcesOf(paths))) {
            watermark.merge(s.topic() + "-" + s.kafkaPartition(), newestOfFile.get(s.path()), (a, b) -> a.isAfter(b) ? a : b);
        }
        return watermark.values().stream().min(Instant::compareTo)
                .map(w -> w.atZone(zone).truncatedTo(ChronoUnit.HOURS).toInstant());
    }

    static Table table(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int c = 1; c <= md.getColumnCount(); c++) {
            columns.add(md.getColumnLabel(c));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int c = 1; c <= columns.size(); c++) {
                row.add(rs.getObject(c));
            }
            rows.add(row);
        }
        return new Table(columns, rows);
    }
}
