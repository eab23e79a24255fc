package org.activityloader.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.activityloader.config.ConfigException;
import org.activityloader.config.ConfigValues;
import org.activityloader.config.JobLoader;
import org.activityloader.config.JobSpec;
import org.activityloader.fault.Faults;
import org.activityloader.metrics.LoaderMetrics;
import org.activityloader.schedule.JobScheduler;
import org.activityloader.schedule.MetricsServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "schedule", description = "Run every job of the jobs folder on its `schedule` (Quartz cron) in this long-lived"
        + " process; with one PostgreSQL catalog for all jobs, several nodes share them. Serves /metrics and /health."
        + " SIGTERM stops it: running runs stop at their next safe point, then it exits 0.")
final class ScheduleCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = "--jobs-dir", paramLabel = "DIR", defaultValue = "${env:LOADER_JOBS_DIR:-jobs}",
            description = "folder of job files (default: ${DEFAULT-VALUE})")
    Path jobsDir;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9470",
            description = "address of /metrics and /health; port 0 picks a free one; 'none' serves nothing (default: ${DEFAULT-VALUE})")
    String listen;

    @Option(names = "--misfire-threshold", paramLabel = "DURATION", defaultValue = "60s",
            description = "a firing later than this (the process was down, or a run took longer than the interval) is a misfire:"
                    + " it fires once, then the schedule goes on (default: ${DEFAULT-VALUE})")
    String misfireThreshold;

    @Option(names = "--cluster-checkin", paramLabel = "DURATION", defaultValue = "7500ms",
            description = "with a PostgreSQL catalog: how often nodes check in; a node silent for about this long has its jobs"
                    + " taken over (default: ${DEFAULT-VALUE})")
    String clusterCheckin;

    @Override
    public Integer call() throws Exception {
        Duration misfire = duration("--misfire-threshold", misfireThreshold);
        Duration checkin = duration("--cluster-checkin", clusterCheckin);
        PrintWriter out = command.commandLine().getOut();
        JobLoader loader = new JobLoader(jobsDir, System.getenv());
        List<JobSpec> scheduled = new ArrayList<>();
        for (String name : loader.jobNames()) {
            JobSpec spec = loader.load(name, java.util.Map.of()); // a job file that fails validation stops the start
            if (spec.schedule().isEmpty()) {
                out.println("job " + spec.name() + " has no schedule: not scheduled (run it with loader run)");
            } else {
                JobContext.open(spec).close(); // its catalog reachable and migrated (Quartz's tables too) before the start
                scheduled.add(spec);
            }
        }
        if (scheduled.isEmpty()) {
            throw new ConfigException(jobsDir.toString(), "schedule", "no job file in this folder has a schedule;"
                    + " add e.g. schedule: \"0 */15 * * * ?\" to one, or give --jobs-dir");
        }
        LoaderMetrics metrics = new LoaderMetrics();
        JobScheduler scheduler = new JobScheduler(scheduled, name -> loader.load(name, java.util.Map.of()), metrics,
                Faults.fromSystemProperty(), misfire, checkin);
        MetricsServer server = listen.equals("none") ? null : serve(listen, metrics, scheduler);
        // The stop hook before the start: a SIGTERM from the first instant stops runs at their safe point.
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stop = new Thread(() -> {
            PrintWriter err = command.commandLine().getErr();
            err.println("loader schedule: stopping: no new firings; running runs stop at their next safe point");
            err.flush();
            scheduler.close();
            if (server != null) {
                server.close();
            }
            err.println("loader schedule: stopped");
            err.flush();
            stopped.countDown();
            // Exit 0: a stop asked for and done cleanly is not a failure (the JVM would report 143 for SIGTERM).
            Runtime.getRuntime().halt(ExitCodes.OK);
        }, "loader-schedule-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            scheduler.start();
        } catch (RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(stop); // it would end the process with 0: a failed start is not a clean stop
            if (server != null) {
                server.close();
            }
            throw e;
        }
        if (!scheduler.clustered() && scheduled.stream().anyMatch(j -> j.catalog().url().startsWith("jdbc:postgresql:"))) {
            out.println("warning: the jobs do not all keep their catalog in the same PostgreSQL database, so the schedule is in"
                    + " memory: run this on one node only (a second node would fire every job too; the lease keeps runs apart)");
        }
        out.println("loader schedule: " + scheduled.size() + " job(s) on node " + scheduler.node() + " ("
                + (scheduler.clustered() ? "clustered on the PostgreSQL catalog" : "single node, schedule in memory") + ")"
                + (server == null ? "" : "; metrics on http://" + hostPort(server.address()) + "/metrics"));
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    /** /metrics and /health on --listen; an address that cannot be listened on stops the start with the reason. */
    private MetricsServer serve(String hostPort, LoaderMetrics metrics, JobScheduler scheduler) {
        InetSocketAddress at = address(hostPort);
        try {
            return new MetricsServer(at, metrics, scheduler::running, () -> health(scheduler));
        } catch (java.io.IOException | RuntimeException e) {
            scheduler.close();
            throw new ParameterException(command.commandLine(), "--listen " + hostPort + ": cannot listen there ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "); give another HOST:PORT, or none");
        }
    }

    private Duration duration(String option, String text) {
        Duration d = ConfigValues.parseDuration(text);
        if (d == null || d.isZero() || d.isNegative()) {
            throw new ParameterException(command.commandLine(), option + ": '" + text + "' is not a duration; write e.g. 60s");
        }
        return d;
    }

    private InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            InetSocketAddress a = new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
            if (a.isUnresolved()) {
                throw new ParameterException(command.commandLine(), "--listen: host '" + a.getHostString() + "' is not known");
            }
            return a;
        } catch (ParameterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ParameterException(command.commandLine(), "--listen: '" + hostPort + "' is not HOST:PORT, e.g. 127.0.0.1:9470");
        }
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    private static String health(JobScheduler scheduler) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("status", scheduler.running() ? "up" : "down");
        n.put("node", scheduler.node());
        n.put("clustered", scheduler.clustered());
        ObjectNode jobs = n.putObject("jobs");
        List<String> running = scheduler.runningJobs();
        scheduler.schedules().forEach((job, cron) -> jobs.putObject(job).put("schedule", cron).put("running", running.contains(job))
                .put("next_firing", scheduler.nextFiring(job).map(Object::toString).orElse(null)));
        return n.toString();
    }
}
