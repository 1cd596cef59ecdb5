package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code docker compose up --build} on a real Docker Engine, used the way users use it, through the
 * ports published on 127.0.0.1 only: chat with nc, files with nc, pages with curl. Then the operator's
 * side: a restart keeps the files volume, a stop is graceful and in time, and {@code down -v} leaves
 * nothing behind. The tests run in order on one stack, as a session at a terminal would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerComposeStackTest {

    private static final List<String> SERVICES = List.of("chat", "files", "web");
    private static final Duration STOP_GRACE = Duration.ofSeconds(40);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Path work;
    private static String adminPassword;
    private static DockerComposeStack stack;
    private static byte[] uploaded;

    @BeforeAll
    static void upWithBuild() throws Exception {
        work = Files.createTempDirectory("netservices-compose-");
        adminPassword = UUID.randomUUID().toString();
        stack = DockerComposeStack.prepare(work, adminPassword);
        // A cold build (empty cache) takes minutes on two cores; a warm one seconds.
        stack.composeOk(Duration.ofMinutes(30), "up", "-d", "--build");
        awaitHealthy(List.of("chat", "files", "web", "chat-2", "redis"));
    }

    @AfterAll
    static void takeEverythingDown() throws Exception {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            WorkFolder.remove(work);
        }
    }

    /** Three JVMs starting at once on two busy cores have taken two minutes here: hence the generous bound. */
    private static void awaitHealthy(List<String> services) {
        Awaitility.await("healthy: " + services).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    for (String service : services) {
                        assertThat(stack.inspect(service, "{{.State.Health.Status}}"))
                                .as(service + " (its log ends:\n" + lastLines(stack.logs(service)) + ")")
                                .isEqualTo("healthy");
                    }
                });
    }

    /**
     * Files and web run here with the images' settings, the build's: they start from Spring AOT's generated context
     * (the fast start). Chat runs its cluster, which its build fixed off, so it starts the plain way and says why.
     */
    @Test
    @Order(1)
    void eachServiceStartsFromSpringAotExactlyWhenItsSettingsAreTheBuilds() throws Exception {
        for (String service : List.of("files", "web")) {
            assertThat(stack.logs(service)).as(service)
                    .contains("Starting from the build's Spring AOT context").doesNotContain("Starting without Spring AOT");
        }
        assertThat(stack.logs("chat")).contains("Starting without Spring AOT: chat.cluster.enabled differs from the build's");
    }

    /**
     * Compose gives each service SYS_NICE, which only the image's renice holds (a file capability): the start holds its
     * C2 compiler at nice 19 and gives it back at ready (docs/containers.md, Start-up), as the non-root user.
     */
    @Test
    @Order(1)
    void eachServiceHoldsItsC2CompilerBackDuringTheStartAndGivesItBack() throws Exception {
        for (String service : List.of("chat", "files", "web")) {
            assertThat(stack.logs(service)).as(service).contains("C2 compiler held at nice 19 until the service is ready")
                    .doesNotContain("C2 compiler left at its priority").doesNotContain("could not be given back");
        }
    }

    @Test
    @Order(1)
    void everyContainerIsHealthyAndRunsAsTheFixedNonRootUser() throws Exception {
        for (String service : SERVICES) {
            assertThat(stack.inspect(service, "{{.State.Health.Status}}")).as(service).isEqualTo("healthy");
            assertThat(stack.inspect(service, "{{.Config.User}}")).as(service).isEqualTo("10001:10001");
            assertThat(stack.docker("exec", stack.container(service), "id", "-u").out().strip()).as(service).isEqualTo("10001");
        }
        for (String variable : List.of("CHAT_HTTP_PORT", "FILES_HTTP_PORT", "WEB_HTTP_PORT")) {
            Cli.Result ready = Cli.run(Cli.require("curl", "curl"), "-s",
                    "http://127.0.0.1:" + stack.port(variable) + "/actuator/health/readiness");
            assertThat(ready.out()).as(variable).contains("\"status\":\"UP\"");
        }
    }

    /**
     * The entrypoint's {@code -XX:AOTCache} falls back to a slow start in silence when the cache does not fit
     * the JVM or the class path; {@code -XX:AOTMode=on} makes that an error, so a JVM started that way beside
     * the service proves the image's cache is the one its runtime can use.
     */
    @Test
    @Order(1)
    void everyServiceStartsFromAnAotCacheItsRuntimeCanUse() throws Exception {
        for (String service : SERVICES) {
            assertThat(stack.inspect(service, "{{json .Config.Entrypoint}}")).as(service).contains("-XX:AOTCache=app.aot");
            Cli.Result check = stack.docker("exec", stack.container(service),
                    "java", "-XX:AOTMode=on", "-XX:AOTCache=app.aot", "-cp", "app.jar", "-version");
            assertThat(check.exitCode()).as(service + ": " + check.stderr()).isZero();
        }
    }

    /**
     * The image's {@code /actuator/info} names the commit it was built from (the Dockerfile copies {@code .git} for
     * git.properties) and leaves out {@code git.dirty}, which a tree holding only the sources cannot tell. From a
     * linked worktree, whose {@code .git} is a file naming a folder outside the build context, there is no git section.
     */
    @Test
    @Order(1)
    void everyImageNamesTheCommitItWasBuiltFrom() throws Exception {
        Path dotGit = RepositoryFiles.root().resolve(".git");
        String head = Files.isDirectory(dotGit)
                ? Cli.run("git", "-C", RepositoryFiles.root().toString(), "rev-parse", "HEAD").out().strip()
                : null;
        for (String variable : List.of("CHAT_HTTP_PORT", "FILES_HTTP_PORT", "WEB_HTTP_PORT")) {
            Cli.Result info = Cli.run(Cli.require("curl", "curl"), "-s",
                    "http://127.0.0.1:" + stack.port(variable) + "/actuator/info");
            JsonNode body = JSON.readTree(info.out());
            assertThat(body.path("build").path("time").asString()).as(variable).isNotEmpty();
            if (head == null) {
                assertThat(body.has("git")).as(variable + " built from a linked worktree").isFalse();
            } else {
                // Spring Boot's simple git info gives the abbreviated id
                String id = body.path("git").path("commit").path("id").asString();
                assertThat(id).as(variable).hasSizeGreaterThanOrEqualTo(7);
                assertThat(head).as(variable).startsWith(id);
                assertThat(body.path("git").has("dirty")).as(variable).isFalse();
            }
        }
    }

    @Test
    @Order(2)
    void twoNetcatMembersChatAndHearTheAdminBroadcast() throws Exception {
        String nc = Cli.require("nc", "netcat-openbsd");
        String curl = Cli.require("curl", "curl");
        List<String> netcat = List.of(nc, "-u", "127.0.0.1", String.valueOf(stack.port("CHAT_PORT")));
        try (Terminal alice = new Terminal("alice (nc)", netcat);
             Terminal bob = new Terminal("bob (nc)", netcat)) {
            alice.type("L alice");
            alice.awaitShows("OK");
            bob.type("L bob");
            bob.awaitShows("OK");
            alice.awaitShows("bob entered the room");

            alice.type("hello through docker");
            bob.awaitShows("alice : hello through docker");
            bob.type("hello back");
            alice.awaitShows("bob : hello back");

            // The password reached the service only as the chat.admin.password secret file.
            Cli.Result broadcast = Cli.run(List.of(curl, "-s", "-w", "%{http_code}", "-u", "admin:" + adminPassword,
                    "-H", "Content-Type: application/json", "-d", "{\"message\":\"maintenance at noon\"}",
                    "http://127.0.0.1:" + stack.port("CHAT_HTTP_PORT") + "/api/chat/broadcast"),
                    new byte[0], Duration.ofSeconds(30));
            assertThat(broadcast.out()).as(broadcast.out()).endsWith("200");
            alice.awaitShows("Admin announcement: maintenance at noon");
            bob.awaitShows("Admin announcement: maintenance at noon");
        }
        assertThat(stack.logs("chat")).doesNotContain(adminPassword).doesNotContain("generated one");
    }

    @Test
    @Order(3)
    void netcatUploadsListsAndDownloadsAFileByteForByte() throws Exception {
        uploaded = new byte[70_000];
        new Random(10).nextBytes(uploaded);
        ByteArrayOutputStream put = new ByteArrayOutputStream();
        put.write(ascii("PUT in-a-volume.bin " + uploaded.length + "\r\n"));
        put.write(uploaded);
        assertThat(files(put.toByteArray()).out()).contains("OK " + uploaded.length + " " + sha256(uploaded));

        assertThat(files(ascii("LIST\r\n")).out()).contains(uploaded.length + " in-a-volume.bin");
        assertThat(download("in-a-volume.bin")).isEqualTo(uploaded);
    }

    @Test
    @Order(4)
    void curlGetsTheDemoPageAndThe404Page() throws Exception {
        String curl = Cli.require("curl", "curl");
        String base = "http://127.0.0.1:" + stack.port("WEB_PORT");
        Cli.Result page = Cli.run(curl, "-s", "-i", base + "/");
        assertThat(page.out()).startsWith("HTTP/1.1 200").containsPattern("(?i)content-type: text/html").contains("<img");

        Cli.Result missing = Cli.run(curl, "-s", "-i", base + "/no-such-page.html");
        String notFoundPage = Files.readString(RepositoryFiles.root().resolve("web-service/src/main/resources/demo-site/404.html"));
        assertThat(missing.out()).startsWith("HTTP/1.1 404").endsWith(notFoundPage);
    }

    @Test
    @Order(5)
    void restartingFilesKeepsTheUploadedFile() throws Exception {
        assertThat(uploaded).as("uploaded by the test before").isNotNull();
        String before = stack.inspect("files", "{{.State.StartedAt}}");
        stack.composeOk(Duration.ofMinutes(2), "restart", "files");
        assertThat(stack.inspect("files", "{{.State.StartedAt}}")).isNotEqualTo(before);
        awaitHealthy(List.of("files"));
        assertThat(download("in-a-volume.bin")).isEqualTo(uploaded);
    }

    @Test
    @Order(6)
    void everyContainerLogLineIsAJsonObjectAndNoneHoldsASecret() throws Exception {
        List<String> secrets = List.of(adminPassword, stack.secret("CHAT_CLUSTER_SECRET_FILE"), stack.secret("REDIS_PASSWORD_FILE"));
        for (String service : List.of("chat", "files", "web", "chat-2")) {
            List<String> lines = stack.rawLogs(service).lines().filter(line -> !line.isBlank()).toList();
            assertThat(lines).as(service).isNotEmpty();
            for (String line : lines) {
                JsonNode event = JSON.readTree(line);
                assertThat(event.isObject()).as(service + ": " + line).isTrue();
                assertThat(event.has("@timestamp") && event.has("message")).as(service + ": " + line).isTrue();
                assertThat(line).as(service).doesNotContain(secrets);
            }
        }
    }

    @Test
    @Order(7)
    void prometheusScrapesEveryServiceAndFindsItUp() throws Exception {
        String curl = Cli.require("curl", "curl");
        String query = "http://127.0.0.1:" + stack.port("PROMETHEUS_PORT") + "/api/v1/query?query=up";
        // The first scrape comes up to one scrape interval (15 s) after Prometheus starts.
        Awaitility.await("up == 1 for chat, files and web").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    String answer = Cli.run(curl, "-s", query).out();
                    Map<?, ?> body = JSON.readValue(answer, Map.class);
                    assertThat(body.get("status")).as(answer).isEqualTo("success");
                    Map<String, String> upByJob = new java.util.TreeMap<>();
                    for (Object sample : (List<?>) ((Map<?, ?>) body.get("data")).get("result")) {
                        Map<?, ?> metric = (Map<?, ?>) ((Map<?, ?>) sample).get("metric");
                        upByJob.put((String) metric.get("job"), (String) ((List<?>) ((Map<?, ?>) sample).get("value")).get(1));
                    }
                    assertThat(upByJob).as(answer).containsEntry("chat", "1").containsEntry("files", "1").containsEntry("web", "1");
                });
    }

    @Test
    @Order(8)
    void aMemberOnEachChatNodeHearsTheOtherThroughRedis() throws Exception {
        String nc = Cli.require("nc", "netcat-openbsd");
        try (Terminal carol = new Terminal("carol (nc, node 1)", List.of(nc, "-u", "127.0.0.1", String.valueOf(stack.port("CHAT_PORT"))));
             Terminal dave = new Terminal("dave (nc, node 2)", List.of(nc, "-u", "127.0.0.1", String.valueOf(stack.port("CHAT_2_PORT"))))) {
            carol.type("L carol");
            carol.awaitShows("OK");
            dave.type("L dave");
            dave.awaitShows("OK");
            carol.awaitShows("dave entered the room");

            carol.type("hello from node one");
            dave.awaitShows("carol : hello from node one");
            dave.type("hello from node two");
            carol.awaitShows("dave : hello from node two");
        }
    }

    /**
     * The alert and recording rules are unit-tested by promtool against series they write themselves; this ties
     * them to what the services really export: every metric a rule's expression names is among the names Prometheus
     * has scraped from the running stack (after the tests above made traffic, a relayed line included).
     */
    @Test
    @Order(9)
    void everyMetricTheRulesNameIsScrapedFromTheServices() throws Exception {
        Set<String> named = new TreeSet<>();
        Pattern selector = Pattern.compile("(?<![:\\w])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\\w:(])");
        try (var rules = Files.list(RepositoryFiles.root().resolve("monitoring/rules"))) {
            for (Path file : rules.toList()) {
                Map<?, ?> document = new Yaml().load(Files.readString(file));
                for (Object group : (List<?>) document.get("groups")) {
                    for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                        Matcher names = selector.matcher(String.valueOf(((Map<?, ?>) rule).get("expr")));
                        while (names.find()) {
                            named.add(names.group(1));
                        }
                    }
                }
            }
        }
        assertThat(named).as("names found in the rules").contains("health_readiness", "web_request_duration_seconds_bucket")
                .hasSizeGreaterThan(10);
        // Counters tagged by kind appear with their first event: one refused datagram makes chat_errors_total.
        try (DatagramSocket stranger = new DatagramSocket()) {
            byte[] unknown = "/no-such-command".getBytes(StandardCharsets.UTF_8);
            stranger.send(new DatagramPacket(unknown, unknown.length, InetAddress.getLoopbackAddress(), stack.port("CHAT_PORT")));
            stranger.setSoTimeout(10_000);
            DatagramPacket reply = new DatagramPacket(new byte[512], 512);
            stranger.receive(reply);
            assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)).startsWith("ERROR");
        }
        String curl = Cli.require("curl", "curl");
        String query = "http://127.0.0.1:" + stack.port("PROMETHEUS_PORT") + "/api/v1/label/__name__/values";
        Awaitility.await("every metric the rules name").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(3))
                .untilAsserted(() -> {
                    Map<?, ?> answer = JSON.readValue(Cli.run(curl, "-s", query).out(), Map.class);
                    List<String> scraped = ((List<?>) answer.get("data")).stream().map(String::valueOf).toList();
                    assertThat(scraped).containsAll(named);
                });
    }

    @Test
    @Order(16)
    void stopFinishesWithinTheGracePeriodAndEveryServiceShutsDownGracefully() throws Exception {
        long start = System.nanoTime();
        stack.composeOk(STOP_GRACE.plusMinutes(1), "stop");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("compose stop").isLessThan(STOP_GRACE);
        for (String service : SERVICES) {
            // 137 would be the SIGKILL that ends a container still running when its grace period is over.
            assertThat(stack.inspect(service, "{{.State.Running}} {{.State.ExitCode}}")).as(service).isEqualTo("false 143");
            assertThat(stack.logs(service)).as(service)
                    .contains("Commencing graceful shutdown")
                    .contains("Graceful shutdown complete")
                    .contains(service + " server stopped");
        }
    }

    @Test
    @Order(17)
    void downWithVolumesLeavesNoContainerNetworkOrVolume() throws Exception {
        stack.composeOk(Duration.ofMinutes(2), "down", "-v");
        for (String kind : List.of("container", "network", "volume")) {
            assertThat(stack.leftovers(kind)).as(kind + "s of project " + stack.project()).isEmpty();
        }
    }

    private static Cli.Result files(byte[] input) throws Exception {
        return Cli.run(List.of(Cli.require("nc", "netcat-openbsd"), "-q1", "127.0.0.1", String.valueOf(stack.port("FILES_PORT"))),
                input, Duration.ofSeconds(30));
    }

    /** The body of a GET reply: after "OK <count>\r\n", exactly count bytes (docs/file-protocol.md). */
    private static byte[] download(String name) throws Exception {
        byte[] reply = files(ascii("GET " + name + "\r\nQUIT\r\n")).stdout();
        byte[] greetingEnd = ascii("\r\n");
        int afterGreeting = indexOf(reply, greetingEnd, 0) + 2;
        int headerEnd = indexOf(reply, greetingEnd, afterGreeting);
        String header = new String(reply, afterGreeting, headerEnd - afterGreeting, StandardCharsets.UTF_8);
        assertThat(header).startsWith("OK ");
        int count = Integer.parseInt(header.substring(3));
        return Arrays.copyOfRange(reply, headerEnd + 2, headerEnd + 2 + count);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String lastLines(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
