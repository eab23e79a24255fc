package org.activityloader.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.config.JobSpec;
import org.activityloader.config.OutputFormat;
import org.activityloader.config.OutputSpec;
import org.activityloader.fault.Faults;
import org.activityloader.partition.PartitionKey;
import org.activityloader.report.Report;
import org.activityloader.report.ReportRunner;
import org.activityloader.report.Table;
import org.activityloader.run.BackfillRequest;
import org.activityloader.run.BackfillRun;
import org.activityloader.run.CompactionRequest;
import org.activityloader.run.CompactionRun;
import org.activityloader.run.ProgressMode;
import org.activityloader.run.RunContext;
import org.activityloader.write.FileFormats;
import org.activityloader.write.Storage;

/**
 * What the tests of a warehouse on another file system (HDFS, S3) share: a job of clicks writing
 * Parquet there, the records of its live files read back through that file system, and the checks
 * every back end must pass after its loads (a backfill, a compaction, verify, sql and a report).
 */
public final class RemoteWarehouse {
    private RemoteWarehouse() {
    }

    /** A job of clicks with its H2 catalog under {@code dir}, writing Parquet to {@code warehouse}. */
    public static JobSpec job(String name, String bootstrap, Path dir, URI warehouse) {
        JobSpec base = TestJobs.job(name, bootstrap, dir.resolve("unused"), TestCatalogs.h2(dir), List.of("click"));
        OutputSpec o = base.output();
        return base.withOutput(new OutputSpec(warehouse, OutputFormat.PARQUET, o.compression(), o.rowGroupBytes(), o.maxFileBytes(),
                o.maxOpenFiles()));
    }

    /** Records in the live files, read back through the warehouse's file system. */
    public static long rows(Catalog catalog, Storage storage, JobSpec job) throws IOException {
        long rows = 0;
        for (DataFileRow f : catalog.manifest().published(job.name())) {
            rows += FileFormats.countRecords(storage, f.path(), OutputFormat.PARQUET);
        }
        return rows;
    }

    /**
     * A backfill of the first hour and a compaction of them all, then: every event once in the live
     * files, fewer files, {@code verify} clean, the warehouse holding exactly the live files, and
     * {@code loader sql} and a report (over local copies of the live files) counting every event.
     */
    public static void backfillCompactVerifyAndReport(JobSpec job, Catalog catalog, Storage storage, Instant firstHour, long good)
            throws IOException {
        PartitionKey first = new PartitionKey("click", firstHour.atZone(ZoneOffset.UTC).toLocalDate(),
                firstHour.atZone(ZoneOffset.UTC).getHour());
        new BackfillRun(context(job, catalog, storage), new BackfillRequest(Set.of(first), List.of("click"), false,
                storage.rootUri().getScheme() + " test", "test", Duration.ofMinutes(1), false)).run();
        int before = catalog.manifest().published(job.name()).size();
        new CompactionRun(context(job, catalog, storage), new CompactionRequest(k -> true, job.output().maxFileBytes(), false,
                Duration.ofMinutes(5))).run();
        int after = catalog.manifest().published(job.name()).size();

        assertThat(after).as("compacted: fewer files").isLessThan(before);
        assertThat(rows(catalog, storage, job)).as("every event once, after the backfill and the compaction").isEqualTo(good);
        assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
        assertThat(storage.listDataFiles()).as("the warehouse holds exactly the live files").hasSize(after);
        ReportRunner reports = new ReportRunner(catalog, storage);
        assertThat(reports.sql("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM click", job, Optional.empty()).table().rows())
                .as("loader sql over local copies of the live files").containsExactly(List.of(good, good));
        Table hourly = reports.run(Report.load("events_by_hour"), job).table();
        int events = hourly.columns().indexOf("events");
        assertThat(hourly.rows().stream().mapToLong(r -> ((Number) r.get(events)).longValue()).sum()).isEqualTo(good);
    }

    /** The repository (the launcher's home), as the build says where it is. */
    public static Path repoRoot() {
        return Path.of(System.getenv().getOrDefault("LOADER_REPO_ROOT", "..")).toAbsolutePath().normalize();
    }

    private static RunContext context(JobSpec job, Catalog catalog, Storage storage) {
        return new RunContext(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false, ProgressMode.NONE);
    }
}
