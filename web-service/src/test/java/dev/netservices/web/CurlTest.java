package dev.netservices.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.tools.RequiredTool;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.TestWebServer;

/** curl, a client nobody wrote for this server, against it; curl is found on the PATH or the test fails naming its package. */
class CurlTest {

    @TempDir
    Path root;
    TestWebServer server;

    @BeforeEach
    void start() throws Exception {
        DemoFiles.create(root);
        server = TestWebServer.start(root);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(RequiredTool.onPath("curl", "curl").toString(), "-sS", "--max-time", "10"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
            return out;
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void curlReusesOneConnectionForTwoUrls() throws Exception {
        String out = curl("-v", server.url("/index.html"), server.url("/style.css"));
        assertThat(out).contains("HTTP/1.1 200 OK").contains("<h1>home</h1>").contains("body { color: #123; }");
        assertThat(out).containsPattern("(?i)re-?using existing (http: )?connection");
    }

    @Test
    void curlResumesADownloadWithARange() throws Exception {
        Path partial = root.resolveSibling(root.getFileName() + "-download.txt");
        try {
            Files.writeString(partial, "0123456789");
            curl("-C", "-", "-o", partial.toString(), server.url("/digits.txt"));
            assertThat(Files.readString(partial)).isEqualTo("0123456789abcdefghij");
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Test
    void curlSeesTheErrorStatuses() throws Exception {
        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", server.url("/nope"))).isEqualTo("404");
        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "DELETE", server.url("/index.html"))).isEqualTo("405");
        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "BREW", server.url("/"))).isEqualTo("501");
        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "--http1.0", "-H", "Host:", server.url("/"))).isEqualTo("200");
        assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "Host:", server.url("/"))).isEqualTo("400");
    }
}
