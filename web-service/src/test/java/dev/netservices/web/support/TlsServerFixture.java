package dev.netservices.web.support;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every test of the TLS port starts from: a development CA and localhost certificate made once per class
 * (scripts/dev-ca.sh), a document root per test, and the server the test starts, closed after it.
 */
public abstract class TlsServerFixture {

    @TempDir
    static Path certificateFolder;
    protected static TestCertificates certificates;

    @TempDir
    protected Path root;
    protected TestWebServer server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.makeIn(certificateFolder);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }
}
