package dev.netservices.common.server;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a taken protocol port into the short "what happened / what to do" block Spring Boot prints at start-up. */
class ProtocolPortInUseFailureAnalyzer extends AbstractFailureAnalyzer<ProtocolPortInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProtocolPortInUseException cause) {
        String setting = portSetting(cause.serverName());
        return new FailureAnalysis(
                cause.getMessage() + ".",
                "Stop the process that holds %s port %d, or set %s to another port (0 picks any free port)."
                        .formatted(cause.transport(), cause.port(), setting),
                cause);
    }

    /** A server named {@code web} listens on {@code web.port}; one named {@code web-tls} on {@code web.tls.port}. */
    static String portSetting(String serverName) {
        return serverName.replace('-', '.') + ".port";
    }
}
