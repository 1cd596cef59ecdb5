package dev.netservices.client.files;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A file server on a real socket that answers from a script: for what a real file-service never sends
 * (lies, hostile text, a fixed tiny library). Each connection gets {@code greeting}, then one reply per
 * command line; {@code QUIT} gets {@code OK bye}; a reply ending in {@link #THEN_CLOSE} is sent without
 * it and the connection is closed after it. A reply {@code OK send <n> bytes from <offset>} (a resumable upload's
 * go-ahead) is followed by reading {@code n} body bytes, which are answered {@code OK <n> <their sha256>}: only a line
 * sent as a command is in {@link #commandsSeen}, never a body.
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
                InputStream in = new BufferedInputStream(client.getInputStream());
                OutputStream output = client.getOutputStream();
                output.write(greeting.getBytes(StandardCharsets.UTF_8));
                String line;
                while ((line = readLine(in)) != null) {
                    commandsSeen.add(line);
                    boolean quit = line.equals("QUIT");
                    String reply = quit ? "OK bye\r\n" : replies.apply(line);
                    output.write(reply.replace(THEN_CLOSE, "").getBytes(StandardCharsets.UTF_8));
                    output.flush();
                    if (quit || reply.endsWith(THEN_CLOSE)) {
                        break;
                    }
                    if (reply.startsWith("OK send ")) {
                        byte[] body = in.readNBytes(Integer.parseInt(reply.split(" ")[2]));
                        output.write("OK %d %s\r\n".formatted(body.length, sha256(body)).getBytes(StandardCharsets.UTF_8));
                        output.flush();
                    }
                }
            } catch (IOException e) {
                // the next connection
            }
        }
    }

    /** A line without its CRLF (or LF), as UTF-8; null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
