package org.activityloader.schedule;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.activityloader.catalog.QuartzTables;
import org.activityloader.config.CatalogSpec;
import org.activityloader.config.JobSpec;

/**
 * Quartz's configuration for a set of jobs. When every job keeps its catalog in one PostgreSQL
 * database, Quartz's clustered JDBC store lives there too, so several {@code loader schedule}
 * nodes share the jobs (each firing runs on one node; a dead node's jobs go on elsewhere). Otherwise
 * (H2, or jobs in different catalogs) the store is in memory: one node. Pure.
 */
final class QuartzProperties {
    private QuartzProperties() {
    }

    /** The PostgreSQL catalog all jobs share, if they do. */
    static java.util.Optional<CatalogSpec> sharedPostgres(List<JobSpec> jobs) {
        if (jobs.isEmpty()) {
            return java.util.Optional.empty();
        }
        CatalogSpec first = jobs.get(0).catalog();
        boolean shared = first.url().startsWith("jdbc:postgresql:")
                && jobs.stream().allMatch(j -> j.catalog().url().equals(first.url()) && j.catalog().user().equals(first.user()));
        return shared ? java.util.Optional.of(first) : java.util.Optional.empty();
    }

    static Properties of(List<JobSpec> jobs, int threads, Duration misfireThreshold, Duration clusterCheckin) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", QuartzTables.SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(threads));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "loader-schedule");
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(misfireThreshold.toMillis()));
        java.util.Optional<CatalogSpec> shared = sharedPostgres(jobs);
        if (shared.isEmpty()) {
            p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
            p.setProperty("org.quartz.scheduler.instanceId", "local");
            return p;
        }
        CatalogSpec catalog = shared.get();
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        // The default StdJDBCDelegate fails on PostgreSQL's BYTEA.
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(clusterCheckin.toMillis()));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.dataSource", "catalog");
        p.setProperty("org.quartz.dataSource.catalog.connectionProvider.class", PooledConnections.class.getName());
        p.setProperty("org.quartz.dataSource.catalog.url", catalog.url());
        p.setProperty("org.quartz.dataSource.catalog.user", catalog.user());
        p.setProperty("org.quartz.dataSource.catalog.password", catalog.password().value());
        p.setProperty("org.quartz.dataSource.catalog.maxConnections", String.valueOf(threads + 3));
        return p;
    }
}
