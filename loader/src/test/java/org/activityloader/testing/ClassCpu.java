package org.activityloader.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Where the suite's time goes: per test class, the CPU seconds of the test JVM and of the child JVMs
 * it waited for (Linux's {@code /proc/self/stat}: utime, stime, cutime, cstime), beside the wall
 * seconds, appended to {@code target/class-cpu.txt} ({@code sort -rn} it). The suite is CPU-bound
 * on two cores, so this, not the wall time of a class run beside another, says what to make cheaper.
 * Registered through META-INF/services; writes nothing where there is no /proc.
 */
public final class ClassCpu implements TestExecutionListener {
    private final Map<String, long[]> start = new ConcurrentHashMap<>();

    private static long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (id.getSource().orElse(null) instanceof ClassSource c) {
            start.put(c.getClassName(), new long[] {cpuTicks(), System.nanoTime()});
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.getSource().orElse(null) instanceof ClassSource c && start.containsKey(c.getClassName())) {
            long[] s = start.remove(c.getClassName());
            long ticks = cpuTicks();
            if (s[0] < 0 || ticks < 0 || !Files.isDirectory(Path.of("target"))) {
                return;
            }
            double cpu = (ticks - s[0]) / 100.0; // clock ticks: USER_HZ is 100 on Linux
            double wall = (System.nanoTime() - s[1]) / 1e9;
            try {
                Files.writeString(Path.of("target", "class-cpu.txt"), String.format("%8.1f %8.1f %s%n", cpu, wall, c.getClassName()),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                // a measurement only: the tests' outcome does not depend on it
            }
        }
    }
}
