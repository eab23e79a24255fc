package org.activityloader.config;

/** JDBC catalog connection. The password is a {@link Secret}: never printed. */
public record CatalogSpec(String url, String user, Secret password) {
    @Override
    public String toString() {
        return "CatalogSpec[url=" + url + ", user=" + user + ", password=" + password + "]";
    }
}
