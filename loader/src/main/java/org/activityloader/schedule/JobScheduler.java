package org.activityloader.schedule;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.activityloader.catalog.Catalog;
import org.activityloader.config.JobSpec;
import org.activityloader.fault.Faults;
import org.activityloader.metrics.LoaderMetrics;
import org.activityloader.source.Shard;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code loader schedule}'s Quartz scheduler: one cron trigger per job (its {@code schedule} in its
 * {@code schedule_zone}), each firing a {@link LoadJob}. After downtime longer than the misfire
 * threshold a job fires once, then keeps to its schedule (not once per missed slot): the clustered
 * store remembers its triggers, the in-memory one asks the catalog when the job last ran. Stopping
 * asks running runs to stop at their next safe point and waits for them.
 */
public final class JobScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
    private static final String GROUP = "loader";
    private static final int MAX_THREADS = 16;

    private final Scheduler scheduler;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Map<String, String> schedules = new LinkedHashMap<>();
    private final List<JobSpec> jobs;
    /**
     * How often this node checks in with each job's catalog (status shows a next firing only for jobs a
     * node fires): seldom enough that an idle H2 catalog is closed (and compacted) between check-ins.
     */
    public static final Duration CHECK_IN = Duration.ofMinutes(2);
    private final CheckIns checkIns;
    private static final int FIRINGS_KEPT = 200;
    private final FiringLog firings = new FiringLog(FIRINGS_KEPT);
    /** Per job, the slot a start fired because it was missed while no scheduler ran (in-memory store only). */
    private final Map<String, Instant> caughtUp = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param jobs    the jobs to schedule (each with a schedule)
     * @param reload  reads a job's file again by its name, at each firing
     */
    public JobScheduler(List<JobSpec> jobs, Function<String, JobSpec> reload, LoaderMetrics metrics, Faults faults,
                        Duration misfireThreshold, Duration clusterCheckin) {
        this.jobs = List.copyOf(jobs);
        this.checkIns = new CheckIns(jobs, this::node);
        try {
            // A thread per job, so that a slow job never delays another's firing (up to 16 jobs per node;
            // Quartz's own pool of catalog connections has as many, plus 3).
            int threads = Math.max(1, Math.min(jobs.size(), MAX_THREADS));
            if (jobs.size() > MAX_THREADS) {
                LOG.warn("{} jobs share {} threads: a slow job may delay others' firings; run more nodes or fewer jobs each",
                        jobs.size(), MAX_THREADS);
            }
            scheduler = new StdSchedulerFactory(QuartzProperties.of(jobs, threads, misfireThreshold, clusterCheckin)).getScheduler();
            String node = scheduler.getSchedulerInstanceId();
            scheduler.setJobFactory((bundle, s) -> new LoadJob(reload, metrics, stopping::get, faults, node, firings::add));
            for (JobSpec job : jobs) {
                state(job);
                schedules.put(job.name(), job.schedule().orElseThrow() + " (" + job.scheduleZone() + ")");
            }
            Set<String> stated = jobs.stream().flatMap(j -> Shard.all(j.shards()).stream().map(sh -> sh.leaseOf(j.name())))
                    .collect(java.util.stream.Collectors.toSet());
            for (JobKey stale : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
                if (!stated.contains(stale.getName())) { // its file is gone, or its shards changed: it should not fire any more
                    scheduler.deleteJob(stale);
                    LOG.info("{} is no longer scheduled: its job file is gone or its shards changed", stale.getName());
                }
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot set up the scheduler: " + e.getMessage(), e);
        }
    }

    /**
     * Every node of a cluster states the same jobs on start. An unchanged trigger is kept as it is:
     * a new one would fire again the slot another node has just fired, since Quartz starts a cron
     * trigger at the second it is made. A changed schedule replaces it from the next whole second.
     */
    private void state(JobSpec job) throws SchedulerException {
        for (Shard shard : Shard.all(job.shards())) {
            state(job, shard);
        }
    }

    /**
     * A job with shards has a trigger per shard, named like the shard's lease: each firing goes to
     * one node of a cluster, so K nodes take the K shards, and a node takes over the shard of a node
     * that died once its lease has expired.
     */
    private void state(JobSpec job, Shard shard) throws SchedulerException {
        String cron = job.schedule().orElseThrow();
        TimeZone zone = TimeZone.getTimeZone(job.scheduleZone());
        String name = shard.leaseOf(job.name());
        TriggerKey key = TriggerKey.triggerKey(name, GROUP);
        if (scheduler.getTrigger(key) instanceof CronTrigger existing && existing.getCronExpression().equals(cron)
                && existing.getTimeZone().getID().equals(zone.getID())) {
            return;
        }
        JobDetail detail = JobBuilder.newJob(LoadJob.class).withIdentity(name, GROUP).storeDurably()
                .usingJobData(LoadJob.JOB, job.name()).usingJobData(LoadJob.SHARD, shard.toString()).build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(detail)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(zone).withMisfireHandlingInstructionFireAndProceed())
                .startAt(Date.from(Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)))
                .build();
        scheduler.scheduleJob(detail, Set.of(trigger), true);
    }

    public void start() {
        try {
            scheduler.start();
            schedules.forEach((job, cron) -> LOG.info("job {} scheduled '{}' on node {}, next firing {}", job, cron, node(),
                    nextFiring(job).map(Instant::toString).orElse("none")));
            if (!clustered()) {
                jobs.forEach(this::fireIfMissedWhileDown);
            }
            checkIns.start(CHECK_IN);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    /**
     * The in-memory schedule (an H2 catalog) forgets its triggers when the process stops, so Quartz
     * cannot see the slots missed while it was down. The catalog can: if a slot of the job's schedule
     * came after its last run started, the job fires once now, as the clustered store does after a
     * misfire. A job that never ran waits for its first slot.
     */
    private void fireIfMissedWhileDown(JobSpec job) {
        try (Catalog catalog = Catalog.open(job.catalog())) {
            Optional<Instant> last = catalog.runs().lastStarted(job.name());
            if (last.isEmpty()) {
                return;
            }
            Optional<Instant> missed = MissedSlot.since(job.schedule().orElseThrow(), job.scheduleZone(), last.get(), Instant.now());
            if (missed.isPresent()) {
                LOG.info("job {}: its slot at {} passed while no scheduler ran (last run started {}); firing once now",
                        job.name(), missed.get(), last.get());
                for (Shard shard : Shard.all(job.shards())) {
                    scheduler.triggerJob(JobKey.jobKey(shard.leaseOf(job.name()), GROUP));
                }
                caughtUp.put(job.name(), missed.get());
            }
        } catch (ParseException | SchedulerException | RuntimeException e) {
            LOG.warn("job {}: could not tell whether a slot was missed while no scheduler ran: {}", job.name(), e.getMessage());
        }
    }

    /** The job's firings on this node, oldest first. */
    public List<Firing> firings(String job) {
        return firings.of(job);
    }

    /** The missed slot the job fired for when this scheduler started, if it fired one. */
    public Optional<Instant> caughtUp(String job) {
        return Optional.ofNullable(caughtUp.get(job));
    }

    public String node() {
        try {
            return scheduler.getSchedulerInstanceId();
        } catch (SchedulerException e) {
            return "?";
        }
    }

    public boolean clustered() {
        try {
            return scheduler.getMetaData().isJobStoreClustered();
        } catch (SchedulerException e) {
            return false;
        }
    }

    public boolean running() {
        try {
            return scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode();
        } catch (SchedulerException e) {
            return false;
        }
    }

    public Map<String, String> schedules() {
        return Map.copyOf(schedules);
    }

    /** The job's next firing (of any of its shards). */
    public Optional<Instant> nextFiring(String job) {
        try {
            Optional<Instant> next = Optional.empty();
            for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP))) {
                if (Shard.jobOfLease(key.getName()).equals(job)) {
                    Trigger t = scheduler.getTrigger(key);
                    Optional<Instant> at = Optional.ofNullable(t == null ? null : t.getNextFireTime()).map(Date::toInstant);
                    if (at.isPresent() && (next.isEmpty() || at.get().isBefore(next.get()))) {
                        next = at;
                    }
                }
            }
            return next;
        } catch (SchedulerException e) {
            return Optional.empty();
        }
    }

    /** Jobs running on this node now (a job once, however many of its shards run). */
    public List<String> runningJobs() {
        try {
            return scheduler.getCurrentlyExecutingJobs().stream().map(c -> Shard.jobOfLease(c.getJobDetail().getKey().getName()))
                    .distinct().toList();
        } catch (SchedulerException e) {
            return List.of();
        }
    }

    /** Stops firing; running runs stop at their next safe point (nothing of them committed), and are waited for. */
    @Override
    public void close() {
        stopping.set(true);
        checkIns.stop();
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            LOG.warn("the scheduler did not shut down cleanly: {}", e.getMessage());
        }
        checkIns.checkOut();
    }
}
