package dev.netservices.files.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A raw protocol connection for tests: writes bytes exactly as given, reads reply lines and bodies. */
public final class Wire implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String greeting;

    public Wire(int port) throws IOException {
        this(connected(port));
    }

    /** Over an already connected socket (a TLS one, say). */
    public Wire(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(20_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        greeting = readLine();
    }

    private static Socket connected(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return socket;
    }

    public String greeting() {
        return greeting;
    }

    /** The buffered input the reply lines are read from: read bodies from here, not from the socket. */
    public InputStream input() {
        return in;
    }

    public Socket socket() {
        return socket;
    }

    public Wire send(String text) throws IOException {
        return sendBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    public Wire sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends one command line terminated by CRLF and answers the reply line. */
    public String command(String line) throws IOException {
        send(line + "\r\n");
        return readLine();
    }

    /** The next line without its CRLF, or null at end of stream. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    public byte[] readBytes(long count) throws IOException {
        return in.readNBytes(Math.toIntExact(count));
    }

    /** True when the server closed its side: the next read sees end of stream (or a reset). */
    public boolean closedByServer() {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    public String put(String name, byte[] body) throws IOException {
        send("PUT " + name + " " + body.length + "\r\n");
        sendBytes(body);
        return readLine();
    }

    /** GETs a whole file and answers its bytes; fails when the reply is not OK. */
    public byte[] get(String name) throws IOException {
        String reply = command("GET " + name);
        if (reply == null || !reply.startsWith("OK ")) {
            throw new IOException("GET " + name + " answered " + reply);
        }
        return readBytes(Long.parseLong(reply.split(" ")[1]));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
