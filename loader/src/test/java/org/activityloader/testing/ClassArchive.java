package org.activityloader.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Class-data sharing for the child JVMs of a test JVM, as {@code bin/loader} does for cron runs: the
 * first child that ends on its own writes the classes it loaded to an archive, and every later child
 * maps them instead of loading them again (a third less CPU each; the suite starts a few hundred).
 * One child trains at a time; one killed or failed trains nothing and the next child tries again.
 * The JVM archives classes from jars only and refuses to start with a class folder on the path, so
 * the children's class path has each folder of the tests' (test-classes) as a jar made once.
 */
final class ClassArchive {
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private final Path folder;
    private final String testClassPath;
    private String classPath;
    private Path archive;
    private Process trainer;
    private Path training;

    /** For children of this test JVM, whose class path is {@code classPath}; the jars and archive go in {@code folder}, removed at exit. */
    ClassArchive(Path folder, String classPath) {
        this.folder = folder.resolve("child-classes-" + ProcessHandle.current().pid());
        this.testClassPath = classPath;
    }

    /**
     * Starts {@code java} (the JVM and its options), this archive's options, then {@code main} (the
     * class and its arguments), output to {@code log}.
     */
    synchronized Process start(List<String> java, List<String> main, Path log) throws IOException {
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("-cp", classPath()));
        command.addAll(options());
        command.addAll(main);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (training != null && trainer == null) {
            trainer = child;
        }
        return child;
    }

    private List<String> options() {
        settleTrainer();
        if (trainer == null) {
            training = null; // handed to a start that failed
        }
        if (archive == null) {
            return List.of();
        }
        if (Files.isRegularFile(archive)) {
            return with("-XX:SharedArchiveFile=" + archive);
        }
        if (trainer != null) {
            return QUIET;
        }
        training = archive.resolveSibling(archive.getFileName() + "." + UUID.randomUUID() + ".part");
        training.toFile().deleteOnExit();
        return with("-XX:ArchiveClassesAtExit=" + training);
    }

    /** A trainer that ended cleanly leaves the archive; one that was killed or failed leaves the next child to train. */
    private void settleTrainer() {
        if (trainer == null || trainer.isAlive()) {
            return;
        }
        try {
            if (trainer.exitValue() == 0 && Files.size(training) > 0) {
                Files.move(training, archive, StandardCopyOption.ATOMIC_MOVE); // whole or not at all for the next child
            }
            Files.deleteIfExists(training);
        } catch (IOException e) {
            // the trainer wrote no archive: the next child trains
        }
        trainer = null;
        training = null;
    }

    /** The tests' class path with each folder replaced by a jar of it; as it is if that cannot be made. */
    private String classPath() {
        if (classPath != null) {
            return classPath;
        }
        classPath = testClassPath;
        try {
            Files.createDirectories(folder);
            folder.toFile().deleteOnExit();
            List<String> entries = new ArrayList<>();
            for (String entry : testClassPath.split(File.pathSeparator)) {
                Path path = Path.of(entry);
                entries.add(Files.isDirectory(path) ? jarOf(path, folder.resolve(entries.size() + ".jar")).toString() : entry);
            }
            classPath = String.join(File.pathSeparator, entries);
            archive = folder.resolve("classes.jsa");
            archive.toFile().deleteOnExit();
        } catch (IOException e) {
            System.err.println("child JVMs go without class-data sharing: " + e);
        }
        return classPath;
    }

    private static Path jarOf(Path dir, Path jar) throws IOException {
        jar.toFile().deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(f -> !f.equals(dir))::iterator) {
                String name = dir.relativize(file).toString().replace(File.separatorChar, '/');
                boolean folder = Files.isDirectory(file);
                out.putNextEntry(new JarEntry(folder ? name + "/" : name)); // folders too, as jar(1) makes them
                if (!folder) {
                    Files.copy(file, out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    private static List<String> with(String option) {
        return List.of(option, QUIET.get(0), QUIET.get(1));
    }
}
