package org.activityloader.write;

import java.io.IOException;
import org.apache.avro.generic.GenericRecord;

/** One open data file of one format. */
public interface RecordFileWriter {
    void write(GenericRecord record) throws IOException;

    /** Bytes written so far, including what is buffered: decides when to roll to a new file. */
    long dataSize();

    void close() throws IOException;
}
