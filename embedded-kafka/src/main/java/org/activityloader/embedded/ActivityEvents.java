package org.activityloader.embedded;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * The events themselves: JSON as sites send it (wide: URLs with ids and campaign tags, referrers,
 * user agents, millions of users; or compact: values from small sets), and the malformed kinds a
 * loader must reject. Draws from the generator's random source, so traffic stays deterministic for a seed.
 */
final class ActivityEvents {
    private static final String[] SITES = {"shop.example.com", "news.example.org", "docs.example.net"};
    private static final String[] PATHS = {"/", "/products", "/products/42", "/cart", "/checkout", "/blog/kafka-to-parquet",
        "/help", "/account", "/search", "/pricing"};
    private static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "IN", "BR", "JP", "NL", "CA", "ES"};
    private static final String[] AGENTS = {
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0"};
    private static final String[] QUERIES = {"running shoes", "kafka parquet", "red dress", "usb-c cable", "laptop stand",
        "coffee grinder", "noise cancelling headphones", "winter jacket"};
    private static final String[] REFERRERS = {"https://www.google.com/", "https://www.bing.com/", "https://news.ycombinator.com/",
        "https://www.reddit.com/r/dataengineering/", "https://duckduckgo.com/"};
    private static final String[] REFERRER_NAMES = {"google", "newsletter", "facebook", "partner", "affiliate", "twitter"};
    /** Words for titles, queries, slugs: 400 of them, so that two or three make hundreds of thousands of values. */
    private static final String[] WORDS = words();
    private static final String[] TARGETS = {"add-to-cart", "buy-now", "result-link", "nav-home", "banner", "signup-button"};
    private static final JsonFactory JSON = new JsonFactory();

    private static String[] words() {
        String[] stems = {"red", "blue", "green", "black", "white", "small", "large", "light", "heavy", "smart", "classic", "modern",
            "running", "winter", "summer", "travel", "kitchen", "office", "garden", "kids", "men", "women", "pro", "mini", "ultra"};
        String[] things = {"shoes", "jacket", "dress", "cable", "stand", "grinder", "headphones", "lamp", "chair", "desk",
            "bag", "watch", "phone", "case", "charger", "bottle", "mug", "book"};
        String[] out = new String[stems.length * things.length - 50];
        for (int i = 0; i < out.length; i++) {
            out[i] = i % 2 == 0 ? stems[i % stems.length] + things[i / stems.length] : things[i % things.length] + "s" + (i / 7);
        }
        return out;
    }


    private final Random random;
    private final boolean compact;

    ActivityEvents(Random random, boolean compact) {
        this.random = random;
        this.compact = compact;
    }

    String pick(List<String> types) {
        if (types.size() == 1) {
            return types.get(0);
        }
        // Realistic mix: mostly page views, then searches and clicks, few sign-ups.
        int r = random.nextInt(100);
        String wanted = r < 60 ? "page_view" : r < 80 ? "search" : r < 97 ? "click" : "signup";
        return types.contains(wanted) ? wanted : types.get(random.nextInt(types.size()));
    }

    byte[] event(String type, String eventId, long eventTime, String session) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(320);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("event_id", eventId);
            if (random.nextBoolean()) {
                g.writeNumberField("event_time", eventTime);
            } else {
                g.writeStringField("event_time", Instant.ofEpochMilli(eventTime).toString());
            }
            if (random.nextInt(3) > 0) {
                g.writeStringField("user_id", "u-" + random.nextInt(compact ? 20_000 : 5_000_000));
            } else {
                g.writeNullField("user_id");
            }
            g.writeStringField("session_id", session);
            String site = SITES[random.nextInt(SITES.length)];
            g.writeStringField("site", site);
            g.writeStringField("url", url(site));
            if (!compact && random.nextBoolean()) {
                g.writeStringField("referrer", referrer());
            }
            if (!compact) {
                g.writeStringField("user_agent", userAgent());
            }
            g.writeStringField("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
            switch (type) {
                case "page_view" -> {
                    g.writeStringField("page_title", compact ? "Example page " + random.nextInt(500)
                            : WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " - item "
                            + random.nextInt(200_000) + " | " + site);
                    g.writeNumberField("load_time_ms", 50 + random.nextInt(3000));
                }
                case "search" -> {
                    g.writeStringField("query", compact ? QUERIES[random.nextInt(QUERIES.length)] : terms(1 + random.nextInt(4), " "));
                    g.writeNumberField("result_count", random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(1000));
                    g.writeNumberField("results_page", 1 + random.nextInt(3));
                }
                case "click" -> {
                    g.writeStringField("target", TARGETS[random.nextInt(TARGETS.length)]);
                    g.writeStringField("target_url", url(site));
                    g.writeNumberField("position", 1 + random.nextInt(20));
                }
                case "signup" -> {
                    g.writeStringField("plan", random.nextInt(10) == 0 ? "pro" : "free");
                    g.writeStringField("method", random.nextBoolean() ? "email" : "google");
                }
                default -> throw new IllegalArgumentException("unknown activity type " + type);
            }
            if (random.nextInt(20) == 0) {
                g.writeStringField("experiment", "checkout-v2"); // a field the schema does not have
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A page of the site: from a small set (compact), or with product ids, slugs and campaign tags as real URLs have. */
    private String url(String site) {
        String path = PATHS[random.nextInt(PATHS.length)];
        if (compact) {
            return "https://" + site + path;
        }
        StringBuilder sb = new StringBuilder("https://").append(site).append(path);
        if (random.nextInt(3) > 0) {
            sb.append(path.endsWith("/") ? "" : "/").append(terms(2, "-")).append('-').append(random.nextInt(1_000_000));
        }
        if (random.nextInt(4) == 0) {
            sb.append("?utm_source=").append(REFERRER_NAMES[random.nextInt(REFERRER_NAMES.length)])
                    .append("&utm_campaign=c").append(random.nextInt(5_000)).append("&ref=").append(Long.toHexString(random.nextLong()));
        }
        return sb.toString();
    }

    private String referrer() {
        int r = random.nextInt(3);
        return r == 0 ? REFERRERS[random.nextInt(REFERRERS.length)]
                : r == 1 ? "https://www.google.com/search?q=" + terms(1 + random.nextInt(3), "+") + "&client=firefox-b-d"
                : "https://www.bing.com/search?q=" + terms(1 + random.nextInt(3), "+") + "&form=QBLH&sp=-1";
    }

    /** Browsers as they name themselves: a handful of families, thousands of versions and platforms. */
    private String userAgent() {
        return switch (random.nextInt(4)) {
            case 0 -> "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
                    + (110 + random.nextInt(25)) + ".0." + random.nextInt(7_000) + "." + random.nextInt(250) + " Safari/537.36";
            case 1 -> "Mozilla/5.0 (iPhone; CPU iPhone OS " + (15 + random.nextInt(4)) + "_" + random.nextInt(7)
                    + " like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/" + (15 + random.nextInt(4)) + "."
                    + random.nextInt(7) + " Mobile/15E" + (100 + random.nextInt(200)) + " Safari/604.1";
            case 2 -> "Mozilla/5.0 (X11; Linux x86_64; rv:" + (110 + random.nextInt(25)) + ".0) Gecko/20100101 Firefox/"
                    + (110 + random.nextInt(25)) + ".0";
            default -> "Mozilla/5.0 (Linux; Android " + (10 + random.nextInt(5)) + "; SM-" + (char) ('A' + random.nextInt(8))
                    + (100 + random.nextInt(900)) + ") AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + (110 + random.nextInt(25))
                    + ".0." + random.nextInt(7_000) + "." + random.nextInt(250) + " Mobile Safari/537.36";
        };
    }

    private String terms(int n, String separator) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : separator).append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    /** One of the ways real producers get events wrong; each must end up as a dead letter. */
    byte[] malformed(String type, String eventId, long eventTime, String session) {
        String good = new String(event(type, eventId, eventTime, session), StandardCharsets.UTF_8);
        return switch (random.nextInt(7)) {
            case 0 -> good.substring(0, good.length() / 2).getBytes(StandardCharsets.UTF_8); // truncated JSON
            case 1 -> good.replace("\"session_id\"", "\"session\"").getBytes(StandardCharsets.UTF_8); // required field missing
            case 2 -> good.replace("\"event_time\":", "\"event_time\":true,\"x\":").getBytes(StandardCharsets.UTF_8); // wrong type
            case 3 -> new byte[] {(byte) 0xff, (byte) 0xfe, 'n', 'o', 't', ' ', 'j', 's', 'o', 'n'}; // not UTF-8
            case 4 -> new byte[0]; // empty value
            case 5 -> "[1,2,3]".getBytes(StandardCharsets.UTF_8); // JSON, but not an object
            default -> good.replace("\"site\":\"", "\"site\":null,\"was\":\"").getBytes(StandardCharsets.UTF_8); // null not allowed
        };
    }}
