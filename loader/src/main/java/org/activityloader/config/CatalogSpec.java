package org.activityloader.config;

import java.util.regex.Pattern;

/** JDBC catalog connection. The password is a {@link Secret}: never printed. */
public record CatalogSpec(String url, String user, Secret password) {
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");

    /** The URL for messages: a password written into it is masked. */
    public String displayUrl() {
        return PASSWORD_IN_URL.matcher(url).replaceAll("$1******");
    }

    @Override
    public String toString() {
        return "CatalogSpec[url=" + displayUrl() + ", user=" + user + ", password=" + password + "]";
    }
}
