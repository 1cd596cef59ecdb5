package dev.netservices.files.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import dev.netservices.files.support.ServiceProcess;
import dev.netservices.files.support.Wire;

/**
 * Two replicas (separate processes, as in production) on one PostgreSQL and one Ceph RGW: what one does, the other
 * sees at once; a name and a quota are never won twice; a replica killed mid-upload leaves nothing behind once swept;
 * an engine that goes away gives clear errors and comes back without a restart.
 */
@ExtendWith(ScaleEngines.class)
class ReplicasIT {

    private static final String BUCKET = "replicas";
    private static final Pattern MANAGEMENT_PORT = Pattern.compile("Tomcat started on port (\\d+)");

    @TempDir
    static Path folder;

    static ServiceProcess a;
    static ServiceProcess b;
    static final Random random = new Random(20);

    @BeforeAll
    static void startReplicas() throws Exception {
        Path users = folder.resolve("users");
        Files.writeString(users, "alice:" + PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("wonder land")
                + ":rw:home=homes/alice,quota=100KB\n");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
        a = replica("a");
        b = replica("b");
    }

    static ServiceProcess replica(String name, String... extra) throws IOException {
        List<String> settings = new ArrayList<>(ScaleEngines.engines().replicaSettings(BUCKET));
        settings.addAll(List.of("--files.s3.part-size=5MB", "--files.s3.upload-lease=2s", "--files.anonymous=read-write",
                "--files.login.failure-delay=0s"));
        settings.addAll(extra.length > 0 ? List.of(extra) : List.of("--files.users-file=" + folder.resolve("users")));
        Path root = Files.createDirectories(folder.resolve(name));
        return ServiceProcess.start(root, folder.resolve(name + ".log"), settings.toArray(String[]::new));
    }

    @AfterAll
    static void stopReplicas() throws Exception {
        for (ServiceProcess replica : new ServiceProcess[] {a, b}) {
            if (replica != null) {
                replica.close();
            }
        }
    }

    @Test
    void fileUploadedThroughOneReplicaIsListedAndDownloadedByteExactThroughTheOther() throws Exception {
        byte[] body = bytes(11 * 1024 * 1024 + 17); // three parts of a multipart upload
        try (Wire toA = a.connect(); Wire toB = b.connect()) {
            assertThat(toA.put("across.bin", body)).isEqualTo("OK " + body.length + " " + Wire.sha256(body));
            assertThat(list(toB, "")).contains(body.length + " across.bin\r\n");
            assertThat(toB.command("STAT across.bin")).isEqualTo("OK " + body.length + " " + Wire.sha256(body) + " across.bin");
            assertThat(toB.get("across.bin")).isEqualTo(body);
            String tail = toB.command("GET across.bin " + (body.length - 5));
            assertThat(tail).isEqualTo("OK 5");
            assertThat(toB.readBytes(5)).isEqualTo(java.util.Arrays.copyOfRange(body, body.length - 5, body.length));
        }
    }

    @Test
    void sameNewNameUploadedAtOnceThroughBothReplicasLandsExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Wire toA = a.connect(); Wire toB = b.connect()) {
            for (int round = 0; round < 50; round++) {
                String name = "race-" + round + ".txt";
                byte[] fromA = ("from a " + round).getBytes(StandardCharsets.UTF_8);
                byte[] fromB = ("from b, round " + round).getBytes(StandardCharsets.UTF_8);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<String> viaA = pool.submit(() -> { start.await(); return toA.put(name, fromA); });
                Future<String> viaB = pool.submit(() -> { start.await(); return toB.put(name, fromB); });
                List<String> replies = List.of(viaA.get(), viaB.get());
                assertThat(replies.stream().filter(r -> r.startsWith("OK ")).count()).as("round %d: %s", round, replies).isEqualTo(1);
                assertThat(replies.stream().filter(r -> r.startsWith("ERR 409 ")).count()).as("round %d: %s", round, replies).isEqualTo(1);
                byte[] landed = toB.get(name);
                assertThat(landed).isEqualTo(replies.get(0).startsWith("OK ") ? fromA : fromB);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theUploadLosingANameToTheOtherReplicaIsToldWhileStillSending() throws Exception {
        int part = 5 * 1024 * 1024;
        byte[] big = bytes(4 * part + 11);
        try (Wire slow = a.connect(); Wire fast = b.connect()) {
            slow.send("PUT contested.bin " + big.length + "\r\n").sendBytes(java.util.Arrays.copyOfRange(big, 0, part + 1000));
            await().atMost(Duration.ofSeconds(30)).until(() -> partsStored("contested.bin") != null);

            assertThat(fast.put("contested.bin", "winner".getBytes(StandardCharsets.UTF_8))).startsWith("OK 6 ");

            // the next part stored finds the name taken; the part after it hears so
            slow.sendBytes(java.util.Arrays.copyOfRange(big, part + 1000, 3 * part + 1000));
            assertThat(slow.readLine()).as("told with a part and more still unsent")
                    .isEqualTo("ERR 409 contested.bin was created by another upload meanwhile");
            slow.sendBytes(java.util.Arrays.copyOfRange(big, 3 * part + 1000, big.length));
            assertThat(slow.command("STAT contested.bin")).as("the rest of the body was read and dropped: in sync")
                    .startsWith("OK 6 ");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from uploads where path = 'contested.bin'") == 0);
        try (Wire toA = a.connect()) {
            assertThat(toA.get("contested.bin")).isEqualTo("winner".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void concurrentUploadsThroughBothReplicasNeverExceedTheQuota() throws Exception {
        byte[] body = bytes(30 * 1024); // alice's quota is 100KB: three fit, a fourth does not
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Wire> wires = new ArrayList<>();
        try {
            List<Callable<String>> uploads = new ArrayList<>();
            CyclicBarrier start = new CyclicBarrier(8);
            for (int i = 0; i < 8; i++) {
                Wire wire = (i % 2 == 0 ? a : b).connect();
                wires.add(wire);
                assertThat(wire.command("LOGIN alice wonder land")).startsWith("OK logged in as alice");
                String name = "q" + i + ".bin";
                uploads.add(() -> { start.await(); return wire.put(name, body); });
            }
            List<String> replies = new ArrayList<>();
            for (Future<String> reply : pool.invokeAll(uploads)) {
                replies.add(reply.get());
            }
            assertThat(replies.stream().filter(r -> r.startsWith("OK ")).count()).as("%s", replies).isEqualTo(3);
            assertThat(replies.stream().filter(r -> !r.startsWith("OK ")).toList()).allMatch(r -> r.startsWith("ERR 507 "));
            assertThat(wires.get(1).command("QUOTA")).startsWith("OK " + 3 * body.length + " bytes used of 102400, 3 files");
        } finally {
            pool.shutdownNow();
            for (Wire wire : wires) {
                wire.close();
            }
        }
    }

    @Test
    void renameThroughOneReplicaIsSeenAtOnceThroughTheOther() throws Exception {
        byte[] body = bytes(1000);
        try (Wire toA = a.connect(); Wire toB = b.connect()) {
            assertThat(toA.command("MKDIR moved")).isEqualTo("OK made folder moved");
            assertThat(toA.put("before.txt", body)).startsWith("OK ");
            assertThat(toA.command("RENAME before.txt moved/after.txt")).isEqualTo("OK renamed before.txt to moved/after.txt");
            assertThat(list(toB, "")).doesNotContain("before.txt");
            assertThat(list(toB, "moved")).isEqualTo(body.length + " after.txt\r\n");
            assertThat(toB.get("moved/after.txt")).isEqualTo(body);
            assertThat(toB.command("RENAME moved elsewhere")).isEqualTo("OK renamed moved to elsewhere");
            assertThat(toA.get("elsewhere/after.txt")).isEqualTo(body);
        }
    }

    @Test
    void downloadThroughOneReplicaContinuesWhileTheOtherDeletesTheFile() throws Exception {
        byte[] body = bytes(8 * 1024 * 1024);
        try (Wire toA = a.connect(); Wire toB = b.connect()) {
            assertThat(toA.put("going.bin", body)).startsWith("OK ");
            assertThat(toB.command("GET going.bin")).isEqualTo("OK " + body.length);
            byte[] first = toB.readBytes(64 * 1024);
            assertThat(toA.command("DELETE going.bin")).isEqualTo("OK deleted going.bin");
            assertThat(toA.command("STAT going.bin")).startsWith("ERR 404 ");
            byte[] rest = toB.readBytes(body.length - first.length);
            byte[] whole = new byte[body.length];
            System.arraycopy(first, 0, whole, 0, first.length);
            System.arraycopy(rest, 0, whole, first.length, rest.length);
            assertThat(whole).isEqualTo(body);
            assertThat(toB.command("STAT going.bin")).startsWith("ERR 404 ");
        }
    }

    @Test
    void resumableUploadBrokenOffWithAPartInFlightResumesThroughTheOtherReplicaAfterItsLastPart() throws Exception {
        int part = 5 * 1024 * 1024;
        byte[] body = bytes(3 * part + 11);
        try (Wire toA = a.connect()) {
            assertThat(toA.command("PUT resumed.bin " + body.length + " 0")).isEqualTo("OK send " + body.length + " bytes from 0");
            // two full parts (the second one sent while the third fills) and some of the third, then the connection drops
            toA.sendBytes(java.util.Arrays.copyOfRange(body, 0, 2 * part + 1000));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from uploads where path = 'resumed.bin' and partial") == 1);
        try (Wire toB = b.connect()) {
            assertThat(toB.command("PUT resumed.bin " + body.length + " " + 2 * part))
                    .isEqualTo("OK send " + (body.length - 2 * part) + " bytes from " + 2 * part);
            toB.sendBytes(java.util.Arrays.copyOfRange(body, 2 * part, body.length));
            assertThat(toB.readLine()).isEqualTo("OK " + body.length + " " + Wire.sha256(body));
        }
        try (Wire toA = a.connect()) {
            assertThat(toA.get("resumed.bin")).isEqualTo(body);
        }
    }

    @Test
    void aFolderWithAnUploadUnderWayIsNotMovedAndAPartKeptInItMovesWithItAndResumesThere() throws Exception {
        int part = 5 * 1024 * 1024;
        byte[] body = bytes(part + 5000);
        try (Wire toA = a.connect(); Wire toB = b.connect()) {
            // one whole part stored, and some of the next, then the connection drops
            assertThat(toA.command("MKDIR inbox")).isEqualTo("OK made folder inbox");
            assertThat(toA.command("PUT inbox/kept.bin " + body.length + " 0")).isEqualTo("OK send " + body.length + " bytes from 0");
            toA.sendBytes(java.util.Arrays.copyOfRange(body, 0, part + 1000));
            // while it is under way on a, b neither moves nor removes its folder (as the local store refuses)
            assertThat(toB.command("RENAME inbox archive")).isEqualTo("ERR 409 inbox cannot be renamed while 1 upload into it is in progress");
            assertThat(toB.command("RMDIR inbox")).isEqualTo("ERR 409 inbox cannot be removed while 1 upload into it is in progress");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from uploads where path = 'inbox/kept.bin' and partial") == 1);
        try (Wire toB = b.connect()) {
            assertThat(toB.command("RMDIR inbox")).matches("ERR 409 inbox is not empty: it holds 1 interrupted upload, kept for its resume until \\S+Z");
            assertThat(toB.command("RENAME inbox archive")).isEqualTo("OK renamed inbox to archive");
            assertThat(toB.command("STAT archive/kept.bin")).isEqualTo("OK partial " + part + " of " + body.length + " archive/kept.bin");
            assertThat(toB.command("PUT archive/kept.bin " + body.length + " " + part)).isEqualTo("OK send 5000 bytes from " + part);
            toB.sendBytes(java.util.Arrays.copyOfRange(body, part, body.length));
            assertThat(toB.readLine()).isEqualTo("OK " + body.length + " " + Wire.sha256(body));
            assertThat(toB.get("archive/kept.bin")).isEqualTo(body);
            assertThat(toB.command("DELETE archive/kept.bin")).isEqualTo("OK deleted archive/kept.bin");
            assertThat(toB.command("RMDIR archive")).isEqualTo("OK removed folder archive");
        }
        assertThat(count("select count(*) from uploads where path like '%kept.bin'")).isZero();
    }

    @Test
    void replicaKilledMidUploadLeavesNoFileAndAfterTheSweepNoObjectNorReservation() throws Exception {
        ServiceProcess c = replica("c");
        String objectKey;
        try (Wire toC = c.connect()) {
            toC.send("PUT crash.bin " + 12 * 1024 * 1024 + "\r\n");
            toC.sendBytes(bytes(6 * 1024 * 1024)); // one 5 MB part stored, the rest in the replica's buffer
            objectKey = await().atMost(Duration.ofSeconds(60)).until(() -> partsStored("crash.bin"), k -> k != null);
            c.kill();
        }
        try (Wire toA = a.connect(); S3Client s3 = ScaleEngines.engines().s3Client()) {
            assertThat(list(toA, "")).doesNotContain("crash.bin");
            assertThat(toA.command("STAT crash.bin")).startsWith("ERR 404 ");
            await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from uploads where path = 'crash.bin'") == 0
                    && count("select count(*) from doomed_objects where object_key = '" + objectKey + "'") == 0);
            assertThat(count("select reserved_bytes from usage where home = ''")).isZero();
            assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET)).uploads()).noneMatch(u -> u.key().equals(objectKey));
            assertThat(objectGone(s3, objectKey)).isTrue();
        }
    }

    @Test
    void postgresStoppedAndStartedAgainGivesClearErrorsThenServiceWithoutRestart() throws Exception {
        try (Wire toA = a.connect(); Wire toB = b.connect()) {
            assertThat(toA.put("before-outage.txt", bytes(10))).startsWith("OK ");
            ScaleEngines.engines().stopPostgres();
            try {
                assertThat(toA.command("LIST")).isEqualTo("ERR 500 the metadata database is unreachable, try again later");
                assertThat(toB.put("during-outage.txt", bytes(10))).startsWith("ERR 500 the metadata database is unreachable");
                // a pooled connection PostgreSQL closed says "terminating connection due to administrator command" when
                // next used, and leaves the pool; once none is left, every check tells the cause as it stands
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    String health = readiness(b);
                    assertThat(JsonPath.<String>read(health, "$.components.database.status")).isEqualTo("DOWN");
                    assertThat(JsonPath.<String>read(health, "$.components.database.details.error")).contains("Connection refused");
                });
            } finally {
                ScaleEngines.engines().startPostgresAgain();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(JsonPath.read(readiness(b), "$.status")));
            assertThat(toB.put("after-outage.txt", bytes(10))).startsWith("OK ");
            assertThat(list(toA, "")).contains("before-outage.txt").contains("after-outage.txt").doesNotContain("during-outage.txt");
        }
    }

    @Test
    void objectStoreStoppedAndStartedAgainGivesClearErrorsThenServiceWithoutRestart() throws Exception {
        byte[] body = bytes(100);
        try (Wire toA = a.connect(); Wire toB = b.connect()) {
            assertThat(toA.put("kept.txt", body)).startsWith("OK ");
            ScaleEngines.engines().stopGateway();
            try {
                assertThat(toA.put("unstored.txt", bytes(10))).startsWith("ERR 500 the object store is unreachable, try again later");
                assertThat(toB.command("GET kept.txt")).startsWith("ERR 500 the object store is unreachable, try again later");
                assertThat(list(toB, "")).contains("100 kept.txt\r\n"); // names are in the catalog, which still answers
                String health = readiness(a);
                assertThat(JsonPath.<String>read(health, "$.components.objectStore.status")).isEqualTo("DOWN");
                assertThat(JsonPath.<String>read(health, "$.components.objectStore.details.error")).contains("Connection refused");
            } finally {
                ScaleEngines.engines().startGatewayAgain();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(JsonPath.read(readiness(a), "$.status")));
            assertThat(toB.get("kept.txt")).isEqualTo(body);
            assertThat(toA.put("stored.txt", bytes(10))).startsWith("OK ");
            assertThat(list(toB, "")).doesNotContain("unstored.txt");
        }
    }

    @Test
    void banEarnedThroughBothReplicasTogetherHoldsOnBoth() throws Exception {
        // threshold 15, 2 points a protocol error: 8 through A and 8 through B; neither replica alone reaches it
        try (Wire toA = from("127.0.0.3", a); Wire toB = from("127.0.0.3", b)) {
            for (int i = 0; i < 4; i++) {
                assertThat(toA.command("FROBNICATE")).startsWith("ERR 400 unknown command");
            }
            for (int i = 0; i < 4; i++) {
                assertThat(toB.command("FROBNICATE")).startsWith("ERR 400 unknown command");
            }
            assertThat(toB.readLine()).startsWith("ERR 421 127.0.0.3 is banned for 30 more minutes");
        }
        try (Wire again = from("127.0.0.3", a)) {
            assertThat(again.greeting()).startsWith("ERR 421 127.0.0.3 is banned for 30 more minutes");
        }
        try (Wire other = from("127.0.0.4", a)) {
            assertThat(other.greeting()).startsWith("OK files server ready");
        }
    }

    @Test
    void loginThrottleCountsFailedLoginsThroughBothReplicasTogether() throws Exception {
        // files.login.failure-burst is 5 per address: 3 failures through A and 2 through B use it up on both
        try (Wire toA = from("127.0.0.2", a); Wire toB = from("127.0.0.2", b)) {
            for (int i = 0; i < 5; i++) {
                assertThat((i % 2 == 0 ? toA : toB).command("LOGIN mallory guess" + i)).isEqualTo("ERR 530 login failed: wrong name or password");
            }
            assertThat(toA.command("LOGIN mallory guess")).startsWith("ERR 429 too many failed logins from 127.0.0.2");
            assertThat(toB.command("LOGIN mallory guess")).startsWith("ERR 429 too many failed logins from 127.0.0.2");
        }
    }

    @Test
    void usersFileImportedIntoTheAccountsTableLogsInOnAReplicaReadingIt() throws Exception {
        Path users = folder.resolve("imported-users");
        Files.writeString(users, "# imported\nbob:" + PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("builder bob")
                + ":ro:home=homes/bob,quota=1MB\nnot an account line\n");
        ProcessBuilder importing = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("files.jar"), "--import-users", users.toString()).redirectErrorStream(true);
        importing.environment().put("SPRING_DATASOURCE_URL", ScaleEngines.engines().jdbcUrl());
        importing.environment().put("SPRING_DATASOURCE_USERNAME", "postgres");
        importing.environment().put("SPRING_DATASOURCE_PASSWORD", "postgres");
        Process run = importing.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor()).as(output).isEqualTo(1);
        assertThat(output).contains("line 3 refused: not a valid account line").contains("imported 1 account(s), refused 1 line(s)")
                .doesNotContain("{bcrypt}");
        try (ServiceProcess d = replica("d", "--files.accounts=database"); Wire wire = d.connect()) {
            assertThat(wire.command("LOGIN bob builder bob")).isEqualTo("OK logged in as bob (read-only)");
            assertThat(wire.command("QUOTA")).startsWith("OK 0 bytes used of 1048576, 0 files");
            assertThat(wire.command("LOGIN bob wrong")).isEqualTo("ERR 530 login failed: wrong name or password");
        }
    }

    private static Wire from(String source, ServiceProcess replica) throws IOException {
        java.net.Socket socket = new java.net.Socket();
        socket.bind(new java.net.InetSocketAddress(source, 0));
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", replica.port()), 5000);
        return new Wire(socket);
    }

    private static String partsStored(String path) throws Exception {
        try (Connection db = ScaleEngines.engines().database();
                ResultSet rs = db.createStatement().executeQuery(
                        "select object_key from uploads where path = '" + path + "' and held > 0")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection db = ScaleEngines.engines().database(); ResultSet rs = db.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static boolean objectGone(S3Client s3, String key) {
        try {
            s3.headObject(r -> r.bucket(BUCKET).key(key));
            return false;
        } catch (NoSuchKeyException e) {
            return true;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            return e.statusCode() == 404;
        }
    }

    static String list(Wire wire, String folder) throws IOException {
        String reply = wire.command(folder.isEmpty() ? "LIST" : "LIST " + folder);
        assertThat(reply).startsWith("OK ");
        return new String(wire.readBytes(Long.parseLong(reply.split(" ")[1])), StandardCharsets.UTF_8);
    }

    static String readiness(ServiceProcess replica) throws Exception {
        Matcher port = MANAGEMENT_PORT.matcher(replica.log());
        assertThat(port.find()).as("management port in the log").isTrue();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.group(1) + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
