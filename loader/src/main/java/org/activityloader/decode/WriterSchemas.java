package org.activityloader.decode;

import org.apache.avro.Schema;

/** Where the writer schemas of registry-framed records are found, by the id each record carries. */
public interface WriterSchemas {
    /**
     * The schema registered under {@code id}.
     *
     * @throws RegistryUnavailableException when the registry does not answer: the run must stop, not
     *                                      dead-letter every record it cannot resolve meanwhile
     */
    WriterSchema byId(int id);

    /** What the registry said of one id. */
    sealed interface WriterSchema {
        /** An Avro schema. */
        record Avro(Schema schema) implements WriterSchema {
        }

        /** The registry has no schema of that id. */
        record Unknown() implements WriterSchema {
        }

        /** A schema the loader cannot read records with (not Avro, references, does not parse); {@code why} says. */
        record Unusable(String why) implements WriterSchema {
        }
    }
}
