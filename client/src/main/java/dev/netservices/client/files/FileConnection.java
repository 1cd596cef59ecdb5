package dev.netservices.client.files;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One connection to the file server, speaking its line protocol (docs/file-protocol.md): a reply line
 * {@code OK ...} or {@code ERR <code> <text>}, bodies framed by the byte count in their header line.
 */
public final class FileConnection implements AutoCloseable {

    private static final int MAX_REPLY_LINE = 64 * 1024;
    private static final int BUFFER = 256 * 1024;
    private static final int GREETING_TIMEOUT_MS = 10_000;
    private static final int REPLY_TIMEOUT_MS = 60_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String greeting;
    private boolean broken;

    private FileConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), BUFFER);
        this.out = socket.getOutputStream();
        String first = readLine();
        if (first.startsWith("ERR")) {
            socket.close();
            throw ServerReplyException.of(first);
        }
        this.greeting = first;
    }

    /**
     * Connects and reads the greeting, over TLS when {@code tls} is given (the handshake first); a busy
     * server's {@code ERR 503} is thrown as {@link ServerReplyException}.
     */
    static FileConnection open(String host, int port, TlsTrust tls) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setTcpNoDelay(true);
            // The handshake and the greeting come at once from a file server; a plain client on the TLS
            // port (or a TLS client on a plain one) would otherwise wait for the server's idle timeout.
            socket.setSoTimeout(GREETING_TIMEOUT_MS);
            FileConnection connection = new FileConnection(tls == null ? socket : tls.handshake(socket, host, port));
            // A reply that does not come within a minute means the server or the network is gone.
            connection.socket.setSoTimeout(REPLY_TIMEOUT_MS);
            return connection;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    public String greeting() {
        return greeting;
    }

    /** False once the stream may be out of step (an upload stopped part way): open a new connection. */
    public boolean isUsable() {
        return !broken && !socket.isClosed();
    }

    public List<RemoteFile> list() throws IOException {
        String reply = command("LIST");
        byte[] body = in.readNBytes(Math.toIntExact(number(reply, 1)));
        List<RemoteFile> files = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\r\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                files.add(new RemoteFile(line.substring(space + 1), Long.parseLong(line.substring(0, space))));
            }
        }
        return files;
    }

    public RemoteDigest stat(String name) throws IOException {
        String reply = command("STAT " + name);
        String[] parts = reply.split(" ", 4);
        return new RemoteDigest(Long.parseLong(parts[1]), parts[2]);
    }

    /**
     * {@code GET name offset}: appends the bytes from {@code offset} on to {@code file} (which must hold
     * exactly {@code offset} bytes) and feeds them to {@code digest}. Answers the number of bytes received.
     */
    public long download(String name, long offset, Path file, MessageDigest digest, Progress progress) throws IOException {
        String reply = command("GET " + name + " " + offset);
        long count = number(reply, 1);
        long received = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.truncate(offset).position(offset);
            byte[] buffer = new byte[BUFFER];
            while (received < count) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, count - received));
                if (n < 0) {
                    broken = true;
                    throw new EOFException("the connection closed after %d of %d bytes".formatted(received, count));
                }
                digest.update(buffer, 0, n);
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                received += n;
                progress.advanced(offset + received);
            }
        } catch (IOException e) {
            broken = true;
            throw e;
        }
        return received;
    }

    /**
     * {@code PUT name size} followed by the file's bytes, without waiting in between; answers what the
     * server stored. When the server refuses before the body is through (its {@code ERR} arrives early),
     * sending stops and this connection is marked unusable, since the server may be discarding still.
     */
    public RemoteDigest upload(String name, Path file, MessageDigest digest, Progress progress) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            out.write(("PUT " + name + " " + size + "\r\n").getBytes(StandardCharsets.UTF_8));
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            long sent = 0;
            while (sent < size) {
                buffer.clear().limit((int) Math.min(BUFFER, size - sent));
                int n = channel.read(buffer);
                if (n < 0) {
                    throw new IOException(file + " shrank while it was being sent");
                }
                digest.update(buffer.array(), 0, n);
                try {
                    out.write(buffer.array(), 0, n);
                } catch (IOException e) {
                    broken = true;
                    throw earlyReplyOr(e);
                }
                sent += n;
                progress.advanced(sent);
                if (sent < size && in.available() > 0) {
                    broken = true;
                    throw earlyReplyOr(new IOException("the server answered before the upload was complete"));
                }
            }
            out.flush();
        }
        String reply = readReply();
        String[] parts = reply.split(" ");
        return new RemoteDigest(Long.parseLong(parts[1]), parts[2]);
    }

    private IOException earlyReplyOr(IOException fallback) {
        try {
            readReply();
            return fallback;
        } catch (ServerReplyException refusal) {
            return refusal;
        } catch (IOException e) {
            return fallback;
        }
    }

    /** {@code LOGIN}: answers the server's words ("logged in as alice (read-write)"); a refusal is thrown. */
    String login(String user, char[] password) throws IOException {
        return words(command("LOGIN " + user + " " + new String(password)));
    }

    /** {@code DELETE name}. */
    String delete(String name) throws IOException {
        return words(command("DELETE " + name));
    }

    /** {@code RENAME old new}, each name quoted when it holds a space or starts with a quote. */
    String rename(String from, String to) throws IOException {
        return words(command("RENAME " + quoted(from) + " " + quoted(to)));
    }

    /** "OK deleted a.txt" -> "deleted a.txt". */
    private static String words(String reply) {
        return reply.length() > 3 ? reply.substring(3) : reply;
    }

    static String quoted(String name) {
        if (name.indexOf(' ') < 0 && !name.startsWith("\"")) {
            return name;
        }
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public void quit() {
        try {
            if (isUsable()) {
                command("QUIT");
            }
        } catch (IOException e) {
            // leaving anyway
        }
    }

    /** Sends one command line and answers its {@code OK} reply; {@code ERR} is thrown. */
    public String command(String line) throws IOException {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a command is one line");
        }
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readReply();
    }

    private String readReply() throws IOException {
        String reply = readLine();
        if (reply.startsWith("OK")) {
            return reply;
        }
        if (reply.startsWith("ERR")) {
            throw ServerReplyException.of(reply);
        }
        broken = true;
        throw new IOException("unexpected reply from the server: " + reply);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            if (line.size() == MAX_REPLY_LINE) {
                broken = true;
                throw new IOException("reply line longer than " + MAX_REPLY_LINE + " bytes");
            }
            line.write(b);
        }
        broken = true;
        throw new EOFException("the server closed the connection");
    }

    private long number(String reply, int index) throws IOException {
        String[] parts = reply.split(" ");
        try {
            long value = Long.parseLong(parts[index]);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (RuntimeException e) {
            broken = true;
            throw new IOException("malformed reply from the server: " + reply);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
