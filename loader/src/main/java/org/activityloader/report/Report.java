package org.activityloader.report;

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
import java.util.stream.Stream;

/**
 * A query of sql/reports. Its header says where it runs: {@code -- source: catalog} (the JDBC
 * catalog, with {@code :job} bound) or {@code -- source: warehouse} (DuckDB over the published
 * data files: one view per activity type, and {@code activity} over all of them).
 */
public record Report(String name, Source source, String description, String sql) {
    public enum Source { CATALOG, WAREHOUSE }

    private static final String DIR = "sql/reports";

    public static Report load(String name) {
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("no report '" + name + "'; reports: " + String.join(", ", names()));
        }
        try (InputStream in = Report.class.getClassLoader().getResourceAsStream(DIR + "/" + name + ".sql")) {
            if (in == null) {
                throw new IllegalArgumentException("no report '" + name + "'; reports: " + String.join(", ", names()));
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Report parse(String name, String text) {
        Source source = Source.CATALOG;
        String description = "";
        for (String line : text.lines().toList()) {
            if (line.startsWith("-- source:")) {
                source = Source.valueOf(line.substring("-- source:".length()).trim().toUpperCase(java.util.Locale.ROOT));
            } else if (line.startsWith("-- description:")) {
                description = line.substring("-- description:".length()).trim();
            }
        }
        return new Report(name, source, description, text.strip().replaceAll(";$", ""));
    }

    /** Names of the reports on the class path (from the jar or the build folder). */
    public static List<String> names() {
        URL url = Report.class.getClassLoader().getResource(DIR);
        if (url == null) {
            return List.of();
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return list(jar.getPath(DIR));
                }
            }
            return list(Path.of(uri));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the reports: " + e.getMessage(), e);
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
    }
}
