package dev.netservices.web.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.RawClient;
import dev.netservices.web.support.RawClient.RawResponse;
import dev.netservices.web.support.TestWebServer;

/** Issue 12, section 3: error pages are HTML (the root's 404.html, else built in), plain text where asked. */
class ErrorPagesTest {

    private static RawResponse get(TestWebServer server, String request) throws Exception {
        try (RawClient client = server.connect()) {
            return client.send(request).read();
        }
    }

    @Test
    void errorsAreHtmlByDefaultAndTextWhenTheClientAsksForText(@TempDir Path root) throws Exception {
        DemoFiles.create(root);
        Files.deleteIfExists(root.resolve("404.html"));
        try (TestWebServer server = TestWebServer.start(root)) {
            RawResponse page = get(server, "GET /<missing> HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n");
            assertThat(page.status()).isEqualTo(404);
            assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(page.bodyText()).contains("<title>404 Not Found</title>").contains("<p>no such file</p>");

            RawResponse text = get(server, "GET /missing HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\n\r\n");
            assertThat(text.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(text.bodyText()).isEqualTo("404 Not Found: no such file\n");

            RawResponse method = get(server, "DELETE /x HTTP/1.1\r\nHost: x\r\nAccept: text/plain;q=1, text/html;q=0\r\n\r\n");
            assertThat(method.bodyText()).isEqualTo("405 Method Not Allowed: static files answer GET and HEAD only\n");
            assertThat(method.header("Allow")).isEqualTo("GET, HEAD");

            RawResponse refused = get(server, "GET / HTTP/1.1\r\n\r\n");
            assertThat(refused.header("Content-Type")).as("a request that cannot be read gets the page")
                    .isEqualTo("text/html; charset=utf-8");
            assertThat(refused.bodyText()).contains("HTTP/1.1 request without a Host header");
        }
    }

    @Test
    void theRootsOwn404PageIsUsedForHtmlAndTextStillWhenAsked(@TempDir Path root) throws Exception {
        DemoFiles.create(root);
        Files.writeString(root.resolve("404.html"), "<h1>Lost?</h1>\n");
        try (TestWebServer server = TestWebServer.start(root)) {
            RawResponse page = get(server, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(page.status()).isEqualTo(404);
            assertThat(page.bodyText()).isEqualTo("<h1>Lost?</h1>\n");
            RawResponse text = get(server, "GET /nope HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\n\r\n");
            assertThat(text.bodyText()).isEqualTo("404 Not Found: no such file\n");
        }
    }

    @Test
    void acceptDecidesTextOnlyWhenTextIsPreferredOverHtml() {
        assertThat(Router.wantsText(null)).isFalse();
        assertThat(Router.wantsText("*/*")).isFalse();
        assertThat(Router.wantsText("text/plain")).isTrue();
        assertThat(Router.wantsText("text/html, text/plain")).isFalse();
        assertThat(Router.wantsText("text/plain, text/html;q=0")).isTrue();
        assertThat(Router.wantsText("text/plain;q=0")).isFalse();
    }
}
