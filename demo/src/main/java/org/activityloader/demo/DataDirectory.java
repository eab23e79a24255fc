package org.activityloader.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The folder the demo and the benchmark keep everything in, emptied at their start. */
public final class DataDirectory {
    private DataDirectory() {
    }

    /** Deletes the folder with everything in it, if it exists, and creates it empty. */
    public static void reset(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }
}
