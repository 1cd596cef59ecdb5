package dev.netservices.web.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.common.tools.RequiredTool;
import dev.netservices.web.handler.StatusHandler;
import dev.netservices.web.reactor.Exchange;
import dev.netservices.web.reactor.ServerStats;
import dev.netservices.web.support.TestCertificates;
import dev.netservices.web.support.TestLimits;
import dev.netservices.web.support.TestWebServer;

/**
 * The bundled demo site in a real browser: every image loads, and a screenshot is kept in
 * {@code target/chromium/} as an artifact. Chromium is found on the PATH or the test fails naming its package;
 * a browser that prints nothing or crashes fails the test (its exit status and output are asserted).
 */
class DemoSiteInChromiumTest {

    static Path chromium;

    static DocumentRoot demo;
    static TestWebServer server;
    static TestWebServer https;
    static TestCertificates certificates;

    @TempDir
    static Path certificateFolder;

    @TempDir
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        chromium = RequiredTool.onPath("chromium", "chromium");
        demo = DocumentRoot.of("");
        server = TestWebServer.start(demo.path(), TestLimits.DEFAULTS, false, List.of(new StatusHandler(new ServerStats(ServiceClock.SYSTEM))));
        certificates = TestCertificates.makeIn(certificateFolder);
        https = TestWebServer.startTls(demo.path(), TestLimits.DEFAULTS, ServiceClock.SYSTEM, certificates.serverContext(),
                List.of(new StatusHandler(new ServerStats(ServiceClock.SYSTEM))));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (https != null) {
            https.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    /** What Chromium printed: the document on standard output, its diagnostics on standard error. */
    private record Run(String out, String err) {
    }

    private static String chromium(String profileName, String... args) throws Exception {
        return run(profileName, args).out();
    }

    private static Run run(String profileName, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile.resolve(profileName)));
        command.addAll(List.of(args));
        Path errors = profile.resolve(profileName + ".stderr");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
            String err = Files.readString(errors, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("chromium exited cleanly, no crash: %s", err).isZero();
            return new Run(out, err);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void demoPageLoadsWithAllItsImages() throws Exception {
        String dom = chromium("dom", "--dump-dom", server.url("/"));
        assertThat(dom).contains("<h1>It works</h1>").contains("data-images=\"3/3\"");
        assertServed(server, List.of("/style.css", "/images/logo.svg", "/images/banner.png", "/images/sunset.png"));
    }

    /**
     * Chromium trusts the development certificate through its SPKI allow-list, a flag that exempts that one
     * key and no other certificate error; the page and its images all come over TLS.
     */
    @Test
    void demoPageLoadsOverHttpsWithTheDevelopmentCertificate() throws Exception {
        String dom = chromium("https", "--ignore-certificate-errors-spki-list=" + certificates.serverSpkiHash(),
                "--dump-dom", https.url("/"));
        assertThat(dom).contains("<h1>It works</h1>").contains("data-images=\"3/3\"");
        assertServed(https, List.of("/", "/style.css", "/images/logo.svg", "/images/banner.png", "/images/sunset.png"));
    }

    /**
     * Over HTTPS Chromium takes h2 by ALPN: the page and each of its resources report {@code nextHopProtocol} h2
     * (a probe page beside the demo site loads the demo's stylesheet and images and writes what the Resource
     * Timing API says into the DOM), and the server logged them as HTTP/2.0.
     */
    @Test
    void demoSiteResourcesComeOverH2InChromium() throws Exception {
        Files.writeString(demo.path().resolve("h2-probe.html"), """
                <!DOCTYPE html><html><head><link rel="stylesheet" href="style.css"></head><body>
                <img src="images/logo.svg"><img src="images/banner.png"><img src="images/sunset.png">
                <script>
                window.addEventListener('load', () => {
                  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
                  document.body.dataset.protocols = entries.map(e => e.name.split('/').pop() + '=' + e.nextHopProtocol).join(' ');
                });
                </script></body></html>
                """);
        String dom = chromium("h2", "--ignore-certificate-errors-spki-list=" + certificates.serverSpkiHash(),
                "--virtual-time-budget=5000", "--dump-dom", https.url("/h2-probe.html"));
        assertThat(dom).contains("h2-probe.html=h2").contains("style.css=h2").contains("logo.svg=h2")
                .contains("banner.png=h2").contains("sunset.png=h2").doesNotContain("=http/1.1");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(https.exchanges()).as("logged as HTTP/2.0")
                .anyMatch(e -> e.requestLine().equals("GET /images/sunset.png HTTP/2.0") && e.status() == 200));
    }

    @Test
    void withoutTheAllowListChromiumRefusesTheUntrustedCertificate() throws Exception {
        int before = https.exchanges().size();
        Run run = run("untrusted", "--dump-dom", https.url("/"));
        assertThat(run.out()).doesNotContain("It works");
        assertThat(run.err()).as("Chromium ran and refused the certificate, rather than printing nothing for another reason")
                .contains("ERR_CERT_AUTHORITY_INVALID");
        assertThat(https.exchanges()).as("no request got through the handshake").hasSize(before);
    }

    @Test
    void screenshotOfTheDemoPageIsKept() throws Exception {
        Path screenshot = Path.of("target", "chromium", "demo-site.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);
        chromium("shot", "--screenshot=" + screenshot, "--window-size=1024,768", server.url("/"));
        assertThat(screenshot).exists();
        byte[] png = Files.readAllBytes(screenshot);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(png.length).as("a real rendering, not a blank page").isGreaterThan(10_000);
    }

    /** Each path was served with 200; the log is written after the last byte, so it may trail Chromium's exit. */
    private static void assertServed(TestWebServer on, List<String> paths) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<Exchange> served = on.exchanges();
            for (String path : paths) {
                assertThat(served).as(path).anyMatch(e -> e.requestLine().startsWith("GET " + path + " ") && e.status() == 200);
            }
        });
    }
}
