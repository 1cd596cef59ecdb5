package dev.netservices.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.netservices.files.server.FileServer;
import dev.netservices.files.support.DevCa;
import dev.netservices.files.support.Wire;

/** files.tls.bundle opens the TLS port from a Spring Boot SSL bundle, and a renewed certificate is served without a restart. */
@SpringBootTest(webEnvironment = WebEnvironment.NONE)
@DirtiesContext // closed before the temporary certificates are deleted, so its file watcher sees no deletion
class FileApplicationTlsTest {

    @TempDir
    static Path work;

    private static DevCa ca;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        ca = DevCa.in(work.resolve("certs"));
        registry.add("files.root", () -> work.resolve("library").toString());
        registry.add("files.port", () -> "0");
        registry.add("files.tls.port", () -> "0");
        registry.add("files.tls.bundle", () -> "files");
        registry.add("spring.ssl.bundle.pem.files.keystore.certificate", () -> "file:" + ca.certificate());
        registry.add("spring.ssl.bundle.pem.files.keystore.private-key", () -> "file:" + ca.privateKey());
        registry.add("spring.ssl.bundle.pem.files.reload-on-update", () -> "true");
        registry.add("spring.ssl.bundle.watch.file.quiet-period", () -> "100ms");
    }

    @Autowired
    @Qualifier("tlsFileServer")
    private FileServer tlsServer;

    @Test
    void tlsPortServesTheBundlesCertificateAndPicksUpARenewedOne() throws Exception {
        BigInteger first = serialServed();
        DevCa.in(work.resolve("certs"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> !serialServed().equals(first));
    }

    private BigInteger serialServed() throws Exception {
        SSLSocket socket = (SSLSocket) ca.clientContext().getSocketFactory().createSocket("localhost", tlsServer.port());
        try (Wire wire = new Wire(socket)) {
            assertThat(wire.greeting()).startsWith("OK files server ready");
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }
}
