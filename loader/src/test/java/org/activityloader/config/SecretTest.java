package org.activityloader.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void valueIsKeptButNeverPrinted() {
        Secret secret = new Secret("s3cr3t");
        assertThat(secret.value()).isEqualTo("s3cr3t");
        assertThat(secret.toString()).isEqualTo("******");
        assertThat(String.valueOf(secret)).doesNotContain("s3cr3t");
    }

    @Test
    void noneSaysSo() {
        assertThat(Secret.NONE.value()).isEmpty();
        assertThat(Secret.NONE).hasToString("(none)");
    }

    @Test
    void catalogSpecMasksThePassword() {
        CatalogSpec spec = new CatalogSpec("jdbc:postgresql://db/catalog", "loader", new Secret("s3cr3t"));
        assertThat(spec.toString())
                .isEqualTo("CatalogSpec[url=jdbc:postgresql://db/catalog, user=loader, password=******]");
    }

    @Test
    void aPasswordWrittenIntoTheCatalogUrlIsMaskedToo() {
        CatalogSpec spec = new CatalogSpec("jdbc:postgresql://db/catalog?user=loader&password=s3cr3t&ssl=true", "", Secret.NONE);
        assertThat(spec.displayUrl()).isEqualTo("jdbc:postgresql://db/catalog?user=loader&password=******&ssl=true");
        assertThat(spec.toString()).doesNotContain("s3cr3t");
    }
}
