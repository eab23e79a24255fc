package org.activityloader.write;

import java.io.IOException;

/** A move found neither the file nor its target: it was lost before it could be moved (deleted by hand, say). */
public final class MissingFileException extends IOException {
    public MissingFileException(String from, String to) {
        super(from + " is missing and " + to + " does not exist");
    }
}
