package dev.netservices.web.support;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * A development CA and a localhost certificate made by the project's own {@code scripts/dev-ca.sh}
 * (openssl) in a test's folder, with the SSL contexts a server and a client need.
 */
public record TestCertificates(Path folder) {

    public static TestCertificates makeIn(Path folder) throws Exception {
        Path script = Path.of("..", "scripts", "dev-ca.sh").toAbsolutePath().normalize();
        Process process = new ProcessBuilder(script.toString(), folder.toString()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("dev-ca.sh failed: " + out);
        }
        return new TestCertificates(folder);
    }

    /**
     * Certificates in a new temporary folder, named to a Spring application under test as the PEM SSL bundle
     * {@code bundle}; {@link #delete()} removes them after the tests.
     */
    public static TestCertificates asBundle(org.springframework.test.context.DynamicPropertyRegistry registry, String bundle)
            throws Exception {
        TestCertificates certificates = makeIn(java.nio.file.Files.createTempDirectory("web-" + bundle));
        registry.add("spring.ssl.bundle.pem." + bundle + ".keystore.certificate", () -> "file:" + certificates.certificate());
        registry.add("spring.ssl.bundle.pem." + bundle + ".keystore.private-key", () -> "file:" + certificates.privateKey());
        return certificates;
    }

    /** Deletes the folder and everything in it. */
    public void delete() throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    public Path ca() {
        return folder.resolve("ca.pem");
    }

    public Path certificate() {
        return folder.resolve("server.pem");
    }

    public Path privateKey() {
        return folder.resolve("server.key");
    }

    /** The server's side, built the way Spring Boot builds a PEM SSL bundle. */
    public SSLContext serverContext() {
        PemSslStoreDetails details = PemSslStoreDetails.forCertificate(certificate().toString())
                .withPrivateKey(privateKey().toString());
        return SslBundle.of(new PemSslStoreBundle(details, null)).createSslContext();
    }

    /** A client that trusts the development CA and nothing else. */
    public SSLContext clientContext() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("dev-ca", readCertificate(ca()));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** Base64 of the SHA-256 of the server certificate's public key, as Chromium's SPKI allow-list wants it. */
    public String serverSpkiHash() throws Exception {
        byte[] spki = readCertificate(certificate()).getPublicKey().getEncoded();
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
    }

    /** The serial number of the server certificate now on disk (dev-ca.sh makes a new one each run). */
    public java.math.BigInteger serverSerial() throws Exception {
        return readCertificate(certificate()).getSerialNumber();
    }

    private static X509Certificate readCertificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
