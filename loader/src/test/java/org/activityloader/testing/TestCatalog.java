package org.activityloader.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.activityloader.config.CatalogSpec;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The catalogs of a test class, of one kind: H2 files in the test's folder, or databases of their
 * own on the local PostgreSQL server ({@link TestCatalogs}). A database made during a test is dropped
 * after it, one made before the tests (in {@code @BeforeAll}) after the class. Register it as
 * {@code @RegisterExtension final TestCatalog catalogs = TestCatalog.postgres();} (or static); contract
 * classes take it from their subclass, so that one body runs on both kinds.
 */
public final class TestCatalog implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    /** Which catalog a test runs on. */
    public enum Kind {
        H2,
        POSTGRES
    }

    private final Kind kind;
    private final List<CatalogSpec> made = new ArrayList<>();
    private int madeBeforeThisTest;

    private TestCatalog(Kind kind) {
        this.kind = kind;
    }

    public static TestCatalog h2() {
        return new TestCatalog(Kind.H2);
    }

    public static TestCatalog postgres() {
        return new TestCatalog(Kind.POSTGRES);
    }

    public Kind kind() {
        return kind;
    }

    /** An empty catalog: an H2 file in {@code dir}, or a new PostgreSQL database (without a server, the test is skipped). */
    public synchronized CatalogSpec fresh(Path dir) {
        if (kind == Kind.H2) {
            return TestCatalogs.h2(dir);
        }
        CatalogSpec spec = TestCatalogs.freshPostgres();
        made.add(spec);
        return spec;
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        madeBeforeThisTest = made.size();
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        dropFrom(madeBeforeThisTest);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        dropFrom(0);
    }

    private void dropFrom(int first) {
        List<CatalogSpec> drop = made.subList(first, made.size());
        drop.forEach(TestCatalogs::dropPostgres);
        drop.clear();
    }
}
