package org.activityloader.write;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.activityloader.config.OutputFormat;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.partition.FileNames;
import org.activityloader.partition.PartitionKey;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * A compaction's writing: the records of several files of one hour and schema, read back one file
 * after the other, into one new staged file, sealed like a run's (synced, its count read back and
 * checked against the inputs'). The new file's lineage is the union of its inputs': a record keeps
 * the offsets it came from, however many times it is compacted.
 */
public final class FileMerger implements AutoCloseable {
    private final Storage storage;
    private final FileFormats formats;
    private final String runId;
    private int sequence;

    public FileMerger(Storage storage, FileFormats formats, String runId) {
        this.storage = storage;
        this.formats = formats;
        this.runId = runId;
    }

    /** One file to merge: where it is, its format, what it holds and where its records came from. */
    public record Input(String path, OutputFormat format, long records, long minEventTime, long maxEventTime, List<SourceSpan> sources) {
        public Input {
            sources = List.copyOf(sources);
        }
    }

    /** Merges the files, each read in its own format, into one in the job's format now (they differ after a format change). */
    public SealedFile merge(PartitionKey key, ActivitySchema schema, List<Input> inputs) throws IOException {
        String finalPath = FileNames.dataFile(key, runId, sequence++, formats.format().extension());
        String staged = FileNames.staged(runId, finalPath);
        long expected = 0;
        RecordFileWriter out = formats.open(staged, schema.schema());
        try {
            for (Input in : inputs) {
                long read = copy(in.path(), in.format(), schema.schema(), out);
                if (read != in.records()) {
                    throw new IOException(in.path() + " holds " + read + " records but the catalog says " + in.records()
                            + ": it was changed since it was written; not compacted");
                }
                expected += read;
            }
        } finally {
            out.close();
        }
        storage.sync(staged);
        long counted = FileFormats.countRecords(storage, staged, formats.format());
        if (counted != expected) {
            throw new IOException("merged file " + staged + " holds " + counted + " records but " + expected + " were written to it");
        }
        return new SealedFile(key, finalPath, staged, formats.format(), counted, storage.size(staged),
                inputs.stream().mapToLong(Input::minEventTime).min().orElseThrow(),
                inputs.stream().mapToLong(Input::maxEventTime).max().orElseThrow(), schema.fingerprint(),
                mergedSources(inputs));
    }

    private long copy(String path, OutputFormat format, Schema schema, RecordFileWriter out) throws IOException {
        long n = 0;
        if (format == OutputFormat.PARQUET) {
            Configuration conf = new Configuration(storage.configuration());
            AvroReadSupport.setRequestedProjection(conf, schema);
            AvroReadSupport.setAvroReadSchema(conf, schema);
            try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                    HadoopInputFile.fromPath(storage.resolve(path), conf)).withDataModel(GenericData.get()).withConf(conf).build()) {
                for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                    out.write(r);
                    n++;
                }
            }
            return n;
        }
        try (InputStream in = storage.fileSystem().open(storage.resolve(path));
             DataFileStream<GenericRecord> stream = new DataFileStream<>(in, new GenericDatumReader<>(null, schema))) {
            while (stream.hasNext()) {
                out.write(stream.next());
                n++;
            }
        }
        return n;
    }

    /** Per topic-partition: the lowest first offset, the highest last, the records summed, the exact runs joined (if all known). */
    static List<SourceSpan> mergedSources(List<Input> inputs) {
        Map<String, List<SourceSpan>> byPartition = new LinkedHashMap<>();
        inputs.forEach(in -> in.sources().forEach(s -> byPartition.computeIfAbsent(s.topic() + "\u0000" + s.partition(),
                k -> new ArrayList<>()).add(s)));
        List<SourceSpan> out = new ArrayList<>();
        for (List<SourceSpan> spans : byPartition.values()) {
            SourceSpan first = spans.get(0);
            Optional<OffsetRuns> runs = first.runs();
            for (SourceSpan s : spans.subList(1, spans.size())) {
                runs = runs.isPresent() && s.runs().isPresent() ? Optional.of(runs.get().union(s.runs().get())) : Optional.empty();
            }
            out.add(new SourceSpan(first.topic(), first.partition(), spans.stream().mapToLong(SourceSpan::firstOffset).min().orElseThrow(),
                    spans.stream().mapToLong(SourceSpan::lastOffset).max().orElseThrow(),
                    spans.stream().mapToLong(SourceSpan::records).sum(), runs));
        }
        return out;
    }

    @Override
    public void close() {
        formats.close();
    }
}
