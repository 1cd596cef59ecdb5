package dev.netservices.web.http2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
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

import dev.netservices.web.reactor.Http2Support;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.PythonWithH2;
import dev.netservices.web.support.TestLimits;
import dev.netservices.web.support.TestWebServer;

/** Python's h2 package, an implementation nobody wrote for this server, driving connections frame by frame. */
class Http2PythonTest {

    @TempDir
    Path root;
    TestWebServer server;
    Path script;

    @BeforeEach
    void start() throws Exception {
        DemoFiles.create(root);
        Files.write(root.resolve("big.bin"), new byte[100_000]);
        server = TestWebServer.startHttp2(root, TestLimits.DEFAULTS, null,
                new Http2Support(Http2Options.of(TestLimits.DEFAULTS), Http2Listener.NONE));
        script = root.resolveSibling(root.getFileName() + "-h2_client.py");
        try (InputStream in = getClass().getResourceAsStream("/h2/h2_client.py")) {
            Files.write(script, in.readAllBytes());
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        Files.deleteIfExists(script);
    }

    private List<String> run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PythonWithH2.find().toString(), script.toString(),
                String.valueOf(server.port())));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(out).isZero();
            return out.lines().toList();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void h2FetchesSeveralStreamsAtOnceThroughASmallWindow() throws Exception {
        assertThat(run("fetch", "/index.html", "/big.bin", "/nope", "/big.bin")).containsExactly(
                "1 200 " + DemoFiles.INDEX.length(), "3 200 100000", "5 404 " + bodyOf404(), "7 200 100000");
    }

    @Test
    void h2AnswersEveryStreamWhenItAsksForMoreFilesThanAConnectionHoldsAtOnce() throws Exception {
        // 20 files from disk, 16 held at once: the last 4 wait for a stream to end, then are answered
        String[] args = new String[21];
        java.util.Arrays.fill(args, "/big.bin");
        args[0] = "fetch";
        List<String> lines = run(args);
        assertThat(lines).hasSize(20).allMatch(line -> line.endsWith(" 200 100000"));
    }

    private int bodyOf404() throws Exception {
        return Files.readAllBytes(root.resolve("404.html")).length;
    }

    @Test
    void h2RapidResetGetsGoAwayEnhanceYourCalm() throws Exception {
        assertThat(run("rapid-reset", "5000")).containsExactly("GOAWAY ENHANCE_YOUR_CALM");
    }
}
