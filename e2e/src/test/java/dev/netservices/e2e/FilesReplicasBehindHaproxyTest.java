package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.netservices.e2e.ReplicasBehindHaproxy.Server;

/**
 * docker-compose.yml's profile {@code scale}, file side, on a real Docker Engine: two file-service replicas sharing a
 * real PostgreSQL and a real single-node Ceph (its S3 gateway) behind the real HAProxy, reached the way users reach
 * them, on HAProxy's published ports of 127.0.0.1. Which replica took a session is read from HAProxy's stats page
 * (each server's session count), the replica's container from the address HAProxy sends to. The tests run in order on
 * one stack; the second kills a replica.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FilesReplicasBehindHaproxyTest {

    private static final int REPLICAS = 2;
    private static final String GREETING = "OK files server ready";

    private static ReplicasBehindHaproxy scale;

    @BeforeAll
    static void upWithBuild() throws Exception {
        scale = ReplicasBehindHaproxy.prepare("netservices-files-scale-", DockerComposeStack::prepareFilesScale,
                "files-replica", "FILES_SCALE_STATS_PORT");
        // HAProxy and what it depends on: the replicas, and theirs, postgres and ceph; not the other services.
        scale.up("files-haproxy", REPLICAS, List.of("files-plain", "files-tls"));
    }

    @AfterAll
    static void takeEverythingDown() throws Exception {
        ReplicasBehindHaproxy.takeDown(scale);
    }

    @Test
    @Order(1)
    void theTlsPortReachesAReplicaThroughHaproxyWithTheReplicasOwnCertificate() throws Exception {
        DockerComposeStack stack = scale.stack();
        try (Session session = Session.tls(stack.port("FILES_SCALE_TLS_PORT"), stack.workFile("tls/ca.pem"))) {
            assertThat(session.greeting()).startsWith(GREETING);
            assertThat(session.command("QUIT")).isEqualTo("OK bye");
        }
    }

    @Test
    @Order(2)
    void aFileUploadedThroughOneReplicaIsDownloadedByteExactThroughTheOtherOnceTheFirstIsKilled() throws Exception {
        byte[] data = new byte[2 * 1024 * 1024 + 17];
        new Random(20).nextBytes(data);
        String name = "scale-" + UUID.randomUUID() + ".bin";

        Map<String, Server> before = scale.servers("files-plain");
        try (Session session = Session.plain(scale.stack().port("FILES_SCALE_PORT"))) {
            assertThat(session.greeting()).startsWith(GREETING);
            assertThat(session.put(name, data)).isEqualTo("OK " + data.length + " " + sha256(data));
        }
        // The server whose session count went up took the upload: its address names the replica's container.
        Map<String, Server> after = scale.servers("files-plain");
        List<Server> took = after.values().stream()
                .filter(server -> server.sessions() > before.getOrDefault(server.name(), server).sessions()).toList();
        assertThat(took).as("HAProxy's servers whose session count rose: " + before + " -> " + after).hasSize(1);
        String uploader = containerAt(took.getFirst().address());

        Cli.Result kill = scale.stack().docker("kill", uploader);
        assertThat(kill.exitCode()).as("docker kill: " + kill.stderr()).isZero();
        Awaitility.await("the killed replica out of HAProxy's rotation").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                        assertThat(scale.servers("files-plain").values()).extracting(Server::status).containsOnlyOnce("UP"));

        // Only the other replica is left: it lists the file and sends every byte of it, then keeps taking uploads.
        byte[] more = Arrays.copyOf(data, 4096);
        try (Session session = Session.plain(scale.stack().port("FILES_SCALE_PORT"))) {
            assertThat(session.greeting()).startsWith(GREETING);
            assertThat(session.list()).contains(data.length + " " + name);
            assertThat(session.get(name)).isEqualTo(data);
            assertThat(session.put("after-" + name, more)).isEqualTo("OK " + more.length + " " + sha256(more));
            assertThat(session.get("after-" + name)).isEqualTo(more);
        }
        Server survivor = scale.servers("files-plain").values().stream().filter(server -> server.status().equals("UP")).findFirst().orElseThrow();
        assertThat(containerAt(survivor.address())).isNotEqualTo(uploader).isIn(scale.replicas());
    }

    /** The replica container with this address ({@code 172.18.0.4:8888}) on one of its networks. */
    private static String containerAt(String address) throws Exception {
        String ip = address.substring(0, address.lastIndexOf(':'));
        for (String replica : scale.replicas()) {
            String addresses = scale.stack().docker("inspect", "--format",
                    "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", replica).out();
            if (List.of(addresses.strip().split(" ")).contains(ip)) {
                return replica;
            }
        }
        throw new AssertionError("no replica has the address " + address);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** One session of the file protocol (docs/file-protocol.md) over a socket of its own. */
    private static final class Session implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private Session(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(60_000);
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static Session plain(int port) throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            return new Session(socket);
        }

        /** Implicit TLS, trusting only the development CA the stack's certificate comes from. */
        static Session tls(int port, Path caPem) throws Exception {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream pem = Files.newInputStream(caPem)) {
                trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true);
            var parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return new Session(socket);
        }

        String greeting() throws IOException {
            return line();
        }

        String command(String line) throws IOException {
            send(line);
            return line();
        }

        String put(String path, byte[] data) throws IOException {
            out.write(("PUT " + path + " " + data.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(data);
            out.flush();
            return line();
        }

        byte[] get(String path) throws IOException {
            String reply = command("GET " + path);
            assertThat(reply).as("GET " + path).startsWith("OK ");
            return in.readNBytes(Integer.parseInt(reply.substring(3).strip()));
        }

        String list() throws IOException {
            String reply = command("LIST");
            assertThat(reply).as("LIST").startsWith("OK ");
            int bytes = Integer.parseInt(reply.split(" ")[1]);
            return new String(in.readNBytes(bytes), StandardCharsets.UTF_8);
        }

        private void send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** One reply line without its CRLF; the end of the stream is a failure naming what came. */
        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the connection ended after \"" + line.toString(StandardCharsets.UTF_8) + "\"");
                }
                line.write(b);
            }
            return line.toString(StandardCharsets.UTF_8).stripTrailing();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
