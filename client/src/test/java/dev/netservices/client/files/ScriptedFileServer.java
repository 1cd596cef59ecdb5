package dev.netservices.client.files;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A file server on a real socket that answers from a script: for what a real file-service never sends
 * (lies, hostile text, a fixed tiny library). Each connection gets {@code greeting}, then one reply per
 * command line; {@code QUIT} gets {@code OK bye}; a reply ending in {@link #THEN_CLOSE} is sent without
 * it and the connection is closed after it.
 */
final class ScriptedFileServer implements AutoCloseable {

    /** Ends a reply after which the server hangs up. */
    static final String THEN_CLOSE = "<close>";

    private final List<String> commandsSeen = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final String greeting;
    private volatile Function<String, String> replies;

    ScriptedFileServer(String greeting, Function<String, String> replies) throws IOException {
        this.greeting = greeting;
        this.replies = replies;
        this.server = new ServerSocket(0);
        Thread.ofVirtual().start(this::serve);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every command line received, in order, QUIT included. */
    List<String> commandsSeen() {
        return commandsSeen;
    }

    void answerWith(Function<String, String> replies) {
        this.replies = replies;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                OutputStream output = client.getOutputStream();
                output.write(greeting.getBytes(StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    commandsSeen.add(line);
                    boolean quit = line.equals("QUIT");
                    String reply = quit ? "OK bye\r\n" : replies.apply(line);
                    output.write(reply.replace(THEN_CLOSE, "").getBytes(StandardCharsets.UTF_8));
                    output.flush();
                    if (quit || reply.endsWith(THEN_CLOSE)) {
                        break;
                    }
                }
            } catch (IOException e) {
                // the next connection
            }
        }
    }
}
