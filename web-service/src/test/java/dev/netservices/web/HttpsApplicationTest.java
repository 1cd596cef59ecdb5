package dev.netservices.web;

import static org.assertj.core.api.Assertions.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.netservices.web.reactor.WebServer;
import dev.netservices.web.support.TestCertificates;

/**
 * The application with {@code web.tls.bundle} naming a PEM SSL bundle made by scripts/dev-ca.sh: the
 * HTTPS port opens beside the plain one, shows in readiness, the plain port redirects, and a renewed
 * certificate serves new connections without a restart (the bundle's reload-on-update).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {"web.port=0", "web.event-loops=1",
        "web.tls.port=0", "web.tls.bundle=web", "web.tls.redirect=true", "web.admin.password=test-secret",
        "spring.ssl.bundle.pem.web.reload-on-update=true", "spring.ssl.bundle.watch.file.quiet-period=1s"})
class HttpsApplicationTest {

    static TestCertificates certificates;

    @DynamicPropertySource
    static void certificates(DynamicPropertyRegistry registry) throws Exception {
        certificates = TestCertificates.asBundle(registry, "web");
    }

    @AfterAll
    static void deleteCertificates() throws IOException {
        certificates.delete();
    }

    @LocalServerPort
    int managementPort;

    @Autowired
    WebServer plain;

    @Autowired
    @Qualifier("tlsWebServer")
    WebServer tls;

    @Test
    void readinessShowsTheHttpsPortBesideThePlainOne() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + managementPort + "/actuator/health/readiness"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tls.port()).isPositive().isNotEqualTo(plain.port());
        assertThat(response.body()).contains("\"web-tls\"").contains("\"port\":" + tls.port())
                .contains("\"port\":" + plain.port());
    }

    @Test
    void thePlainPortRedirectsToHttpsAndHttpsServesTheDemoSite() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(certificates.clientContext())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try (client) {
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + plain.port() + "/?from=plain")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.uri().toString()).isEqualTo("https://localhost:" + tls.port() + "/?from=plain");
            assertThat(page.body()).contains("It works");
            assertThat(page.previousResponse()).hasValueSatisfying(r -> assertThat(r.statusCode()).isEqualTo(308));
        }
    }

    @Test
    void aRenewedCertificateServesNewConnectionsWithoutARestart() throws Exception {
        BigInteger before = servedSerial();
        assertThat(before).isEqualTo(certificates.serverSerial());
        SSLSocket open = (SSLSocket) certificates.clientContext().getSocketFactory().createSocket("localhost", tls.port());
        try (open) {
            open.startHandshake();
            TestCertificates.makeIn(certificates.folder()); // renews the server certificate in place (new key and serial)
            BigInteger renewed = certificates.serverSerial();
            assertThat(renewed).isNotEqualTo(before);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> servedSerial().equals(renewed));
            // the connection opened before the reload is served on, under the certificate it started with
            open.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(UTF_8));
            open.setSoTimeout(10_000);
            String statusLine = new String(open.getInputStream().readNBytes(15), UTF_8);
            assertThat(statusLine).isEqualTo("HTTP/1.1 200 OK");
            assertThat(((X509Certificate) open.getSession().getPeerCertificates()[0]).getSerialNumber()).isEqualTo(before);
        }
    }

    private BigInteger servedSerial() throws Exception {
        try (SSLSocket socket = (SSLSocket) certificates.clientContext().getSocketFactory()
                .createSocket("localhost", tls.port())) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }
}
