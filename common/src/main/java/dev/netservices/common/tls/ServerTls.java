package dev.netservices.common.tls;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.SslBundles;

/**
 * The server side of one TLS port: the current {@link SSLContext} of a Spring Boot SSL bundle, replaced when
 * the bundle's files change (Boot's {@code reload-on-update}), and the one list of protocol versions every TLS
 * port of the platform speaks. Each new connection asks for {@link #context()}, so a reloaded certificate
 * serves new connections at once while open ones keep theirs; a reload that fails leaves the old one in place
 * (Boot does not call the handler then).
 */
public final class ServerTls {

    /** TLS 1.3 and 1.2 only: older versions are refused in the handshake. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final AtomicReference<SSLContext> context;

    private ServerTls(SSLContext initial) {
        this.context = new AtomicReference<>(initial);
    }

    /** Follows the bundle named {@code name}, reloads included. */
    public static ServerTls fromBundle(SslBundles bundles, String name) {
        ServerTls tls = new ServerTls(bundles.getBundle(name).createSslContext());
        bundles.addBundleUpdateHandler(name, updated -> tls.context.set(updated.createSslContext()));
        return tls;
    }

    /** A fixed context, for tests and tools that build their own. */
    public static ServerTls of(SSLContext context) {
        return new ServerTls(context);
    }

    /** The context for a connection accepted now. */
    public SSLContext context() {
        return context.get();
    }

    /** Of the protocols an engine or socket supports, those we enable, in {@link #PROTOCOLS}'s order. */
    public static String[] enabledProtocols(String[] supported) {
        List<String> offered = Arrays.asList(supported);
        return PROTOCOLS.stream().filter(offered::contains).toArray(String[]::new);
    }
}
