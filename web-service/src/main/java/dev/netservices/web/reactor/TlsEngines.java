package dev.netservices.web.reactor;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Makes the server side of each TLS connection: TLS 1.3 and 1.2 only, ALPN offering {@code http/1.1}.
 * The context is asked for on every connection, so a reloaded certificate serves new connections at once
 * while open ones keep theirs.
 */
public final class TlsEngines {

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final String[] APPLICATION_PROTOCOLS = {"http/1.1"};

    private final Supplier<SSLContext> context;

    public TlsEngines(Supplier<SSLContext> context) {
        this.context = context;
    }

    SSLEngine create() {
        SSLEngine engine = context.get().createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(Arrays.stream(engine.getSupportedProtocols()).filter(PROTOCOLS::contains)
                .toArray(String[]::new));
        parameters.setApplicationProtocols(APPLICATION_PROTOCOLS);
        engine.setSSLParameters(parameters);
        return engine;
    }
}
