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
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + shown(uri) + "' is not an http:// or https:// URL with a host");
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
        String base = withoutUserInfo(uri).toString();
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

    private static String shown(URI uri) {
        return withoutUserInfo(uri).toString();
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getReason());
        }
    }
}
