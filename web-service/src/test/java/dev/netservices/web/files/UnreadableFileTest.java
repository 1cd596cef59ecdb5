package dev.netservices.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.tools.RequiredTool;
import dev.netservices.web.support.RawClient;
import dev.netservices.web.support.StandaloneWebServer;

/**
 * docs/web-protocol.md: "500 — a file that exists but cannot be read; closed". The suite runs as root,
 * whose capabilities CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH read any file whatever its mode. So the server
 * runs in a JVM of its own started through {@code setpriv} with both removed from its capability bounding
 * set: still uid 0 (it can read the class path in root's home), but a file of mode 000 now fails to open
 * with EACCES, exactly as it does for an ordinary service account.
 */
class UnreadableFileTest {

    private static final long CAP_DAC_OVERRIDE = 1L << 1;
    private static final long CAP_DAC_READ_SEARCH = 1L << 2;
    private static final String SECRET = "TOP-SECRET-CONTENT-7f3a";

    @Test
    void aFileThatExistsButCannotBeReadIsA500ThatClosesAndLeaksNothing(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("index.html"), "<p>readable</p>\n");
        Path small = root.resolve("secret.txt");
        Files.writeString(small, SECRET + "\n");
        Path large = root.resolve("secret.bin"); // over web.cache.max-file-size: the zero-copy path
        byte[] largeBytes = (SECRET + "\n").repeat(200 * 1024 / SECRET.length()).getBytes(StandardCharsets.US_ASCII);
        Files.write(large, largeBytes);
        for (Path file : new Path[] {small, large}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
            assertThat(Files.readString(file)).as("this JVM still reads it: only the server's lack of privilege can make the 500")
                    .startsWith(SECRET);
        }

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(RequiredTool.onPath("setpriv", "util-linux").toString(),
                "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search",
                java, "-cp", System.getProperty("java.class.path"), StandaloneWebServer.class.getName(), root.toString())
                .redirectOutput(Path.of("target", "unreadable-file-server.log").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.US_ASCII));
            String first = out.readLine();
            assertThat(first).as("the server's first line").startsWith("PORT ");
            int port = Integer.parseInt(first.substring(5).trim());
            long effective = effectiveCapabilities(child.pid());
            assertThat(effective & (CAP_DAC_OVERRIDE | CAP_DAC_READ_SEARCH)).as("the server cannot override file modes").isZero();

            for (String name : new String[] {"secret.txt", "secret.bin"}) {
                try (RawClient client = new RawClient(port)) {
                    client.send("GET /" + name + " HTTP/1.1\r\nHost: x\r\n\r\n");
                    RawClient.RawResponse response = client.read();
                    assertThat(response.status()).as(name).isEqualTo(500);
                    assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
                    assertThat(response.bodyText()).contains("the file could not be read").doesNotContain(SECRET);
                    assertThat(client.closedByServer()).isTrue();
                }
                try (RawClient client = new RawClient(port)) {
                    RawClient.RawResponse head = client.send("HEAD /" + name + " HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
                    assertThat(head.status()).as("HEAD " + name).isEqualTo(500);
                }
            }
            try (RawClient client = new RawClient(port)) {
                RawClient.RawResponse response = client.send("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertThat(response.status()).as("a readable file beside them").isEqualTo(200);
                assertThat(response.bodyText()).isEqualTo("<p>readable</p>\n");
            }
            PrintWriter in = new PrintWriter(child.getOutputStream(), true);
            in.println("ready?");
            assertThat(out.readLine()).as("readiness after the 500s").isEqualTo("UP");
        } finally {
            child.getOutputStream().close();
            child.destroy();
            child.waitFor();
        }
        assertThat(Files.readString(Path.of("target", "unreadable-file-server.log"))).doesNotContain(SECRET);
    }

    /** CapEff from /proc: what the kernel lets the process do right now. */
    private static long effectiveCapabilities(long pid) throws Exception {
        return Arrays.stream(Files.readString(Path.of("/proc", Long.toString(pid), "status")).split("\n"))
                .filter(line -> line.startsWith("CapEff:"))
                .map(line -> Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16))
                .findFirst().orElseThrow(() -> new AssertionError("no CapEff in /proc/" + pid + "/status"));
    }
}
