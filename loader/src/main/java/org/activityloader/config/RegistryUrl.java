package org.activityloader.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a schema registry answers (the Confluent REST API, which Apicurio's and Karapace's
 * compatible APIs serve too). A {@code user:password@} in the URL becomes HTTP basic
 * authentication and is never shown: {@link #toString} drops it.
 */
public record RegistryUrl(URI uri) {
    public RegistryUrl {
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("'" + shown(uri) + "' is not an http:// or https:// URL");
        }
        if (uri.getHost() == null) { // e.g. an '_' in the host name, or an '@' or '/' in the password not %-escaped
            throw new IllegalArgumentException("'" + shown(uri) + "' has no host name Java accepts: host names have letters,"
                    + " digits, '-' and '.' only, and a password's '@', '/' or ':' must be written %40, %2F, %3A");
        }
    }

    public static RegistryUrl parse(String text) {
        try {
            return new RegistryUrl(new URI(text.strip()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getReason());
        }
    }

    /** The URL of a path under the registry's base, e.g. {@code schemas/ids/7}; without the user info. */
    public URI resolve(String path) {
        String base = shown(uri);
        return URI.create(base.endsWith("/") ? base + path : base + "/" + path);
    }

    /** The {@code Authorization} header's value when the URL carries {@code user:password@}. */
    public Optional<String> basicAuthorization() {
        return Optional.ofNullable(uri.getUserInfo()).map(info -> "Basic "
                + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return shown(uri);
    }

    /** The URL without anything up to the authority's last '@': what Java parses as user info or not. */
    private static String shown(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null || !authority.contains("@")) {
            return uri.toString();
        }
        String text = uri.toString();
        int at = text.indexOf(authority);
        return text.substring(0, at) + authority.substring(authority.lastIndexOf('@') + 1) + text.substring(at + authority.length());
    }
}
