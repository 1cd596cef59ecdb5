package dev.netservices.files.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.tools.RequiredTool;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/** The one-liners from the protocol document, run through the real netcat (the build fails where nc is absent). */
class NetcatTest {

    @TempDir
    Path root;

    private static Path nc;

    @BeforeAll
    static void netcatIsOnThePath() {
        nc = RequiredTool.onPath("nc", "netcat-openbsd");
    }

    @Test
    void listThroughNetcat() throws Exception {
        Files.writeString(root.resolve("a.txt"), "hello");
        try (TestServer server = TestServer.on(root).start()) {
            String output = shell("printf 'LIST\\r\\n' | " + nc + " -q1 127.0.0.1 " + server.port());
            assertThat(output).startsWith("OK files server ready").contains("\r\nOK 9 bytes follow: 1 file, 0 folders\r\n5 a.txt\r\n");
        }
    }

    @Test
    void uploadThroughNetcat() throws Exception {
        try (TestServer server = TestServer.on(root).start()) {
            String output = shell("{ printf 'PUT a.txt 5\\r\\n'; printf hello; } | " + nc + " -q1 127.0.0.1 " + server.port());
            assertThat(output).contains("\r\nOK 5 " + Wire.sha256("hello".getBytes()) + "\r\n");
        }
        assertThat(root.resolve("a.txt")).hasContent("hello");
    }

    private static String shell(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        try {
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("nc finished").isTrue();
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
        }
    }
}
