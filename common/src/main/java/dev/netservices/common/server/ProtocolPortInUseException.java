package dev.netservices.common.server;

/** A protocol server could not bind because something else holds its port. */
public class ProtocolPortInUseException extends IllegalStateException {

    private final String serverName;
    private final String transport;
    private final int port;

    public ProtocolPortInUseException(String serverName, String transport, int port, Throwable cause) {
        super("The %s server could not listen on %s port %d: it is already in use".formatted(serverName, transport, port), cause);
        this.serverName = serverName;
        this.transport = transport;
        this.port = port;
    }

    public String serverName() {
        return serverName;
    }

    public String transport() {
        return transport;
    }

    public int port() {
        return port;
    }
}
