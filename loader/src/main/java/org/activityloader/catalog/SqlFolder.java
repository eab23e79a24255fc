package org.activityloader.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A folder of the repository's sql/ that travels on the class path (in the jar, or the build's classes). */
public record SqlFolder(String path) {
    public static final SqlFolder MIGRATIONS = new SqlFolder("sql/catalog");
    public static final SqlFolder REPORTS = new SqlFolder("sql/reports");

    /** Listed once per folder: the class path does not change. */
    private static final Map<String, List<String>> LISTED = new java.util.concurrent.ConcurrentHashMap<>();

    /** File names of the .sql files in it, sorted. */
    public List<String> names() {
        // One at a time: two threads opening the jar as a file system at once fail (FileSystemAlreadyExistsException).
        synchronized (LISTED) {
            return LISTED.computeIfAbsent(path, p -> listed());
        }
    }

    private List<String> listed() {
        URL url = SqlFolder.class.getClassLoader().getResource(path);
        if (url == null) {
            return List.of();
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return list(jar.getPath(path));
                }
            }
            return list(Path.of(uri));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list " + path + " on the class path: " + e.getMessage(), e);
        }
    }

    /** The text of one file, if there is such a file. */
    public Optional<String> read(String name) {
        try (InputStream in = SqlFolder.class.getClassLoader().getResourceAsStream(path + "/" + name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
    }
}
