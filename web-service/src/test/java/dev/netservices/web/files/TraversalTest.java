package dev.netservices.web.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.RawClient.RawResponse;
import dev.netservices.web.support.RawClient;
import dev.netservices.web.support.TestWebServer;

/** Requests that try to leave the root or reach hidden files: never a byte from outside, never a 2xx. */
class TraversalTest {

    private static final String SECRET = "TOP-SECRET-OUTSIDE-THE-ROOT";

    @TempDir
    static Path base;
    static TestWebServer server;

    @BeforeAll
    static void start() throws Exception {
        Path root = DemoFiles.create(base.resolve("site"));
        DemoFiles.write(base.resolve("outside/secret.txt"), SECRET);
        DemoFiles.write(base.resolve("site/.git/config"), SECRET);
        Files.createSymbolicLink(root.resolve("linkdir"), base.resolve("outside"));
        Files.createSymbolicLink(root.resolve("linkfile.txt"), base.resolve("outside/secret.txt"));
        Files.createSymbolicLink(root.resolve("dangling.txt"), base.resolve("nowhere/none.txt"));
        Files.createSymbolicLink(root.resolve("inside.txt"), root.resolve("digits.txt"));
        server = TestWebServer.start(root);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<String> attempts() {
        return Stream.of(
                "/../outside/secret.txt",
                "/../../../../../../etc/passwd",
                "/%2e%2e/outside/secret.txt",
                "/%2E%2E/outside/secret.txt",
                "/.%2e/outside/secret.txt",
                "/..%2foutside%2fsecret.txt",
                "/%2e%2e%2foutside%2fsecret.txt",
                "/..%2Foutside/secret.txt",
                "/..\\outside\\secret.txt",
                "/..%5coutside%5csecret.txt",
                "/docs/../../outside/secret.txt",
                "/docs/%2e%2e/%2e%2e/outside/secret.txt",
                "/%252e%252e/outside/secret.txt",
                "/..%c0%afoutside/secret.txt",
                "/%c0%ae%c0%ae/outside/secret.txt",
                "/linkdir/secret.txt",
                "/linkfile.txt",
                "/dangling.txt",
                "/.git/config",
                "/%2egit/config",
                "/.hidden",
                "/%2ehidden",
                "/index.html%00.txt",
                "/%00",
                "//etc/passwd",
                "/etc/passwd",
                "/%2fetc%2fpasswd",
                "/C:/Windows/win.ini",
                "/c:%5cwindows%5cwin.ini",
                "/./index.html",
                "/docs/./index.html",
                "/%0aindex.html",
                "http://x/../outside/secret.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attempts")
    void traversalAttemptIsRefusedWithoutLeakingAByte(String target) throws Exception {
        try (RawClient client = server.connect()) {
            RawResponse response = client.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(response.status()).as(target).isIn(400, 404);
            assertThat(response.bodyText()).doesNotContain(SECRET).doesNotContain("root:");
        }
    }

    @Test
    void aSymlinkThatStaysInsideTheRootIsServed() throws Exception {
        try (RawClient client = server.connect()) {
            RawResponse response = client.send("GET /inside.txt HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("0123456789abcdefghij");
        }
    }
}
