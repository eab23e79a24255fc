package org.activityloader.s3;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.activityloader.testing.Await;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy (the jar the build copies into {@code target/s3proxy}) in a JVM of its own: an S3 endpoint
 * on loopback, with one bucket. Its in-memory back end ({@code transient}): of its two file-system
 * back ends, the old one answers each delete of a folder's marker with seconds of retries (10 s and
 * more a publish), and {@code filesystem-nio2} lists an emptied folder as a key without a size, which
 * S3A's listing cannot take.
 */
final class S3ProxyServer implements AutoCloseable {
    static final String IDENTITY = "local-identity";
    static final String CREDENTIAL = "local-credential";

    private final Process process;
    private final String endpoint;
    private final Path log;

    private S3ProxyServer(Process process, String endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    static S3ProxyServer start(Path dir, String bucket) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;
        Path properties = Files.createDirectories(dir).resolve("s3proxy.properties");
        Files.write(properties, List.of("s3proxy.endpoint=" + endpoint, "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY, "s3proxy.credential=" + CREDENTIAL, "jclouds.provider=transient", "jclouds.identity=" + IDENTITY, "jclouds.credential=" + CREDENTIAL));
        Path jar = Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath();
        Path log = dir.resolve("s3proxy.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3ProxyServer server = new S3ProxyServer(p, endpoint, log);
        try {
            Await.await(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("S3Proxy exited: " + read(log));
                }
                try (Socket ignored = new Socket("127.0.0.1", port)) {
                    return Optional.of(true);
                } catch (IOException notYet) {
                    return Optional.empty();
                }
            }, Duration.ofSeconds(60), () -> "S3Proxy listening; its log:\n" + read(log));
            try (S3Client client = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                    .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY,
                            CREDENTIAL))).build()) {
                client.createBucket(b -> b.bucket(bucket));
            }
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    String endpoint() {
        return endpoint;
    }

    String log() {
        return read(log);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
