package org.activityloader.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.config.JobSpec;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.fault.Faults;
import org.activityloader.run.CompactionGroup;
import org.activityloader.run.CompactionPlan;
import org.activityloader.run.CompactionRequest;
import org.activityloader.run.CompactionResult;
import org.activityloader.run.CompactionRun;
import org.activityloader.run.LoadRun;
import org.activityloader.run.ProgressMode;
import org.activityloader.run.RunContext;
import org.activityloader.write.Storage;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * The compaction's throughput: cron-sized runs leave a few small files in each hour; the files of the
 * complete hours are first copied by plain parquet-avro (read each, write one file per group: no
 * catalog, no sync, no read-back: the baseline, timed after an untimed first copy), then compacted by {@code loader compact} (the same
 * reading and writing, plus the seal, the commit, publishing and lineage). MB/s of input files.
 */
final class CompactionPass {
    private final PrintWriter out;

    CompactionPass(PrintWriter out) {
        this.out = out;
    }

    /** @param job reads topics of its own, already produced to, {@code eventsPerRun} a run */
    void run(JobSpec job, int runs, long eventsPerRun, Path plainDir) throws IOException {
        JobSpec cron = job.withLimits(job.limits().withMaxRecords(eventsPerRun));
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(job.output().warehouse())) {
            for (int i = 0; i < runs; i++) {
                new LoadRun(cron, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            }
            CompactionPlan plan = compaction(job, catalog, storage, true).run().plan();
            if (plan.groups().isEmpty()) {
                out.println("compaction: no complete hour with small files to merge");
                return;
            }
            plainCopy(job, storage, plan, Files.createDirectories(plainDir.resolve("warm-up"))); // not timed: the reader's code compiled first
            long t0 = System.nanoTime();
            long copied = plainCopy(job, storage, plan, Files.createDirectories(plainDir.resolve("timed")));
            double plainSeconds = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            CompactionResult done = compaction(job, catalog, storage, false).run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double mb = done.bytesBefore() / 1e6;
            long hours = plan.groups().stream().map(CompactionGroup::key).distinct().count();
            out.printf(Locale.ROOT, "compaction: %d runs of %,d events left %,d small files in %d complete hour(s) (%.1f MB, %,d records);"
                    + " merged into %d in %.2f s: %.1f MB/s, %,.0f records/s%n", runs, eventsPerRun, done.filesMerged(), hours,
                    mb, done.records(), done.filesMade(), seconds, mb / seconds, done.records() / seconds);
            out.printf(Locale.ROOT, "plain parquet-avro read + write of the same files: %,d records in %.2f s: %.1f MB/s;"
                    + " compaction / plain (MB/s): %.2f%n", copied, plainSeconds, plan.bytes() / 1e6 / plainSeconds,
                    mb / seconds / (plan.bytes() / 1e6 / plainSeconds));
        }
    }

    private static CompactionRun compaction(JobSpec job, Catalog catalog, Storage storage, boolean dryRun) {
        return new CompactionRun(new RunContext(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false, ProgressMode.NONE),
                new CompactionRequest(k -> true, job.output().maxFileBytes(), dryRun, Duration.ofHours(1)));
    }

    /** Each group's files read and written into one Parquet file under {@code dir}, as a hand-written job would. */
    private static long plainCopy(JobSpec job, Storage storage, CompactionPlan plan, Path dir) throws IOException {
        ActivitySchemas schemas = ActivitySchemas.of(job);
        Configuration conf = new Configuration(storage.configuration());
        long records = 0;
        int n = 0;
        for (CompactionGroup g : plan.groups()) {
            Schema schema = schemas.get(g.key().activityType()).schema();
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir.resolve("group-" + n++ + ".parquet").toUri());
            try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(target, conf))
                    .withSchema(schema).withDataModel(GenericData.get()).withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
                for (DataFileRow f : g.files()) {
                    try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                            HadoopInputFile.fromPath(storage.resolve(f.path()), conf)).withDataModel(GenericData.get()).build()) {
                        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                            writer.write(r);
                            records++;
                        }
                    }
                }
            }
        }
        return records;
    }
}
