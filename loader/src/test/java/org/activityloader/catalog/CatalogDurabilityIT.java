package org.activityloader.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.activityloader.config.CatalogSpec;
import org.activityloader.config.Secret;
import org.activityloader.testing.TestCatalogs;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit the catalog acknowledged survives the process dying right after it. H2 by default
 * writes commits to its file up to a second later (found by the crash soak); the catalog opens it
 * with WRITE_DELAY=0.
 */
class CatalogDurabilityIT {
    /** Child JVM: commits a row while another connection keeps the database open, then halts at once. */
    public static final class CommitThenHalt {
        public static void main(String[] args) {
            Catalog catalog = Catalog.open(new CatalogSpec(args[0], "sa", Secret.NONE));
            catalog.read((Handle keepOpen) -> {
                catalog.leases().take("durable", "run-1", Instant.now().plusSeconds(60), Instant.now());
                Runtime.getRuntime().halt(137);
                return null;
            });
        }
    }

    @Test
    void anAcknowledgedCommitSurvivesAProcessKilledRightAfterIt(@TempDir Path dir) throws Exception {
        CatalogSpec spec = TestCatalogs.h2(dir);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CommitThenHalt.class.getName(), spec.url())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);

        List<String> owners = Catalog.open(spec).read((Handle h) ->
                h.createQuery("SELECT owner_run FROM job_lease WHERE job = 'durable'").mapTo(String.class).list());
        assertThat(owners).containsExactly("run-1");
    }

    @Test
    void h2UrlsGetImmediateWritesAndOthersAreLeftAlone() {
        assertThat(Catalog.durableUrl("jdbc:h2:file:/x/catalog;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:file:/x/catalog;AUTO_SERVER=TRUE;WRITE_DELAY=0;RETENTION_TIME=2147483647;DB_CLOSE_DELAY=60;NETWORK_TIMEOUT=60000");
        assertThat(Catalog.durableUrl("jdbc:h2:file:/x/catalog;write_delay=0;db_close_delay=0;retention_time=2147483647"))
                .isEqualTo("jdbc:h2:file:/x/catalog;write_delay=0;db_close_delay=0;retention_time=2147483647");
        assertThat(Catalog.durableUrl("jdbc:postgresql://db/catalog")).isEqualTo("jdbc:postgresql://db/catalog");
    }
}
