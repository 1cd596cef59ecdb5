package dev.netservices.client.files;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to the file server's TLS port (implicit TLS, like FTPS on 990): TLS 1.2 or 1.3, the server's
 * certificate checked against the Java trust store or the CA certificates of {@code --cacert} (PEM), and
 * its name checked against the host we dialled, as a browser would.
 */
final class TlsTrust {

    // The same two versions as common's ServerTls.PROTOCOLS, written here on purpose: the client depends on
    // nothing of ours but the wire formats (it runs on Java 17 without the services' jars).
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLSocketFactory factory;
    private final Path caCertificates;

    private TlsTrust(SSLSocketFactory factory, Path caCertificates) {
        this.factory = factory;
        this.caCertificates = caCertificates;
    }

    /** Trusts the CA certificates in {@code pemFile}, or the JDK's trust store when it is null. */
    static TlsTrust of(Path pemFile) throws IOException {
        try {
            if (pemFile == null) {
                return new TlsTrust(SSLContext.getDefault().getSocketFactory(), null);
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            Collection<? extends Certificate> certificates;
            try (InputStream in = Files.newInputStream(pemFile)) {
                certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certificates.isEmpty()) {
                throw new IOException("no certificate in " + pemFile);
            }
            int n = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return new TlsTrust(context.getSocketFactory(), pemFile);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the CA certificates in " + pemFile + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException("cannot read the CA certificates in " + pemFile + ": " + LocalFileError.reason(e), e);
        }
    }

    /** Runs the handshake over a connected socket; a certificate we cannot trust is said in words. */
    Socket handshake(Socket plain, String host, int port) throws IOException {
        SSLSocket tls = (SSLSocket) factory.createSocket(plain, host, port, true);
        tls.setEnabledProtocols(PROTOCOLS);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        try {
            tls.startHandshake();
        } catch (SSLHandshakeException e) {
            tls.close();
            String why = e.getMessage() == null ? "" : e.getMessage();
            if (why.contains("PKIX") || why.contains("certification path")) {
                throw new IOException("TLS: the server's certificate is not signed by a trusted CA"
                        + (caCertificates == null ? " (give the CA with --cacert FILE)" : " (not by the one in " + caCertificates + ")"), e);
            }
            throw new IOException("TLS handshake with " + host + ":" + port + " failed: " + why, e);
        } catch (SSLException e) {
            tls.close();
            // the plain port answers with its greeting, which is no TLS record
            throw new IOException("TLS: the server did not answer in TLS (" + e.getMessage()
                    + "); is it the plain port? The TLS port is 8889 by default", e);
        }
        return tls;
    }
}
