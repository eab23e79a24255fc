package org.activityloader.write;

import java.io.IOException;
import org.apache.avro.generic.GenericRecord;

/** One open data file of one format. */
public interface RecordFileWriter {
    void write(GenericRecord record) throws IOException;

    /** Bytes written so far, including what is buffered: decides when to roll to a new file. */
    long dataSize() throws IOException;

    /** Bytes of buffers the file holds in memory now, as the format counts them (see {@link WriteBudget}). */
    long heldBytes();

    /**
     * Row groups written so far, whose metadata the file's footer holds in memory until it is closed
     * (Parquet); 0 for a format that keeps none.
     */
    default int rowGroupsInFooter() {
        return 0;
    }

    /** Writes what is buffered to the file (a Parquet row group, an Avro block), freeing what it held. */
    void flush() throws IOException;

    void close() throws IOException;
}
