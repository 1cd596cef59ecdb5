package dev.netservices.files.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import dev.netservices.common.tools.RequiredTool;

/** A development CA and localhost certificate made by the real {@code scripts/dev-ca.sh} (openssl) in a test folder. */
public record DevCa(Path ca, Path certificate, Path privateKey) {

    public static DevCa in(Path folder) throws IOException, InterruptedException {
        RequiredTool.onPath("openssl", "openssl");
        Path script = Path.of("..", "scripts", "dev-ca.sh").toAbsolutePath().normalize();
        Process process = new ProcessBuilder(script.toString(), folder.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("dev-ca.sh failed: " + output);
        }
        return new DevCa(folder.resolve("ca.pem"), folder.resolve("server.pem"), folder.resolve("server.key"));
    }

    /** The server's context, through Spring Boot's PEM bundle as the service builds it. */
    public SSLContext serverContext() throws IOException {
        PemSslStoreDetails key = PemSslStoreDetails.forCertificate(Files.readString(certificate)).withPrivateKey(Files.readString(privateKey));
        return SslBundle.of(new PemSslStoreBundle(key, null)).createSslContext();
    }

    /** A client context trusting only this CA. */
    public SSLContext clientContext() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
