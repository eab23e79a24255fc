package org.activityloader.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/loader} of this checkout, run as cron runs it (its own defaults: heap, collector,
 * compiler), on the jar the build made ({@code LOADER_BUILD=never}: a nested build would fight the
 * running one over target/). Output to files in the work folder.
 */
public final class Launcher {
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private Launcher() {
    }

    /** What a finished command left: its exit code and output. */
    public record Result(int exit, String out, String err) {
    }

    /** Starts {@code bin/loader args...} with these extra environment variables; its output goes to {@code <name>.out/.err}. */
    public static Process start(Path work, String name, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/loader").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve(name + ".out").toFile()).redirectError(work.resolve(name + ".err").toFile());
        pb.environment().put("LOADER_BUILD", "never");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs it to its end (failing the test after the timeout). */
    public static Result run(Path work, String name, Map<String, String> env, int timeoutSeconds, String... args) throws Exception {
        Process p = start(work, name, env, args);
        int exit = ChildLoader.await(p, timeoutSeconds);
        return new Result(exit, Files.readString(work.resolve(name + ".out")), Files.readString(work.resolve(name + ".err")));
    }
}
