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
import java.util.List;
import java.util.function.Consumer;

import dev.netservices.client.terminal.ServerText;

/**
 * One connection to the file server, speaking its line protocol (docs/file-protocol.md): a reply line
 * {@code OK ...} or {@code ERR <code> <text>}, bodies framed by the byte count in their header line.
 * What it answers is either a protocol value (names, sizes, digests: checked, and kept exactly as the server
 * sent them, since they go back to it) or words meant for a person (the greeting, {@code OK} texts, every
 * error), which are already {@link ServerText#shown}.
 */
public final class FileConnection implements AutoCloseable {

    private static final int MAX_REPLY_LINE = 64 * 1024;
    private static final int BUFFER = 256 * 1024;
    private static final int GREETING_TIMEOUT_MS = 10_000;
    /** A listing announced longer (some three million entries) is refused unread: read forever otherwise. */
    static final long MAX_LISTING_BYTES = 1L << 30;
    private static final int REPLY_TIMEOUT_MS = 60_000;
    /** Pipelined {@code LIST} lines written at once: well inside a socket's smallest buffers, so the write never waits on a reader. */
    private static final int LIST_LINES_BYTES = 16 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String greeting;
    private final byte[] buffer = new byte[BUFFER]; // every body this connection carries: a mirror allocates none per file
    private boolean broken;
    private PipelinedPuts puts;
    private PipelinedGets gets;

    private FileConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), BUFFER);
        this.out = socket.getOutputStream();
        String first = readLine();
        if (first.startsWith("ERR")) {
            socket.close();
            throw ServerReplyException.of(first);
        }
        this.greeting = ServerText.shown(first);
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

    /** {@code LIST <folder>}, read a line at a time (never held whole); a listing cut short or with a line that is no entry is refused. */
    public List<RemoteFile> list(String folder) throws IOException {
        List<RemoteFile> entries = new ArrayList<>();
        list(folder, entries::add);
        return entries;
    }

    /** {@code LIST <folder>}, each entry handed to {@code entries} as its line arrives. */
    public void list(String folder, Consumer<RemoteFile> entries) throws IOException {
        String reply = command(folder.isEmpty() ? "LIST" : "LIST " + folder);
        long length = number(reply, 1);
        if (length > MAX_LISTING_BYTES) {
            broken = true;
            throw new IOException("the server announced a listing of %d bytes; this client reads at most %d".formatted(length, MAX_LISTING_BYTES));
        }
        try {
            ListingBody.read(in, length, entries);
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    /** Told of each entry of a {@link #listAll} with the index of the folder that holds it. */
    interface FolderEntries {
        void entry(int folder, RemoteFile entry);
    }

    /**
     * {@code LIST} of every folder, sent up to {@code window} ahead of the replies read (the server answers in command
     * order), as a mirror walks a level of a tree: a round trip per window, not per folder. The first refusal is thrown
     * once every listing asked for is read, so the connection stays in step.
     */
    void listAll(List<String> folders, int window, FolderEntries entries) throws IOException {
        settle();
        ServerReplyException refused = null;
        int sent = 0;
        for (int read = 0; read < folders.size(); read++) {
            if (sent == read) {
                ByteArrayOutputStream lines = new ByteArrayOutputStream();
                // at most window lines and some 16 KiB: the server may be writing a long listing back meanwhile
                for (; sent < folders.size() && sent - read < window && lines.size() < LIST_LINES_BYTES; sent++) {
                    String folder = folders.get(sent);
                    requireOneLine(folder);
                    lines.writeBytes(((folder.isEmpty() ? "LIST" : "LIST " + folder) + "\r\n").getBytes(StandardCharsets.UTF_8));
                }
                out.write(lines.toByteArray());
                out.flush();
            }
            int folder = read;
            try {
                long length = number(readReply(), 1);
                if (length > MAX_LISTING_BYTES) {
                    broken = true;
                    throw new IOException("the server announced a listing of %d bytes; this client reads at most %d".formatted(length, MAX_LISTING_BYTES));
                }
                ListingBody.read(in, length, entry -> entries.entry(folder, entry));
            } catch (ServerReplyException e) {
                refused = refused == null ? e : refused;
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }
        if (refused != null) {
            throw refused;
        }
    }

    String makeFolder(String path) throws IOException {
        RemotePaths.requireSendable(path);
        return ProtocolText.words(command("MKDIR " + path));
    }

    String removeFolder(String path) throws IOException {
        return ProtocolText.words(command("RMDIR " + path));
    }

    public RemoteDigest stat(String name) throws IOException {
        String reply = command("STAT " + name);
        if (reply.startsWith("OK folder ")) {
            // a folder's STAT is well formed, just not a file's: say so rather than call the server's reply malformed
            throw new IOException(ServerText.shown(name) + " is a folder on the server (mirror copies a folder tree)");
        }
        return RemoteDigest.of(reply);
    }

    /**
     * {@code GET name offset}: appends the bytes from {@code offset} on to {@code file} (which holds exactly {@code offset} bytes),
     * feeding {@code digest}; a count other than {@code expected} (what {@code STAT} left) is refused unwritten. Answers the bytes received.
     */
    public long download(String name, long offset, long expected, Path file, MessageDigest digest, Progress progress) throws IOException {
        String reply = command("GET " + name + " " + offset);
        long count = number(reply, 1);
        if (count != expected) {
            broken = true;
            throw new IOException("the server announced %d bytes of %s from byte %d where its STAT left %d; nothing was written (did the file change? get it again)"
                    .formatted(count, ServerText.shown(name), offset, expected));
        }
        progress.began();
        try {
            return BodyCopy.toFile(in, count, file, offset, digest, progress, buffer);
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    /**
     * {@code PUT name size offset}, then, once the server said {@code OK send}, the file's bytes from {@code offset}
     * (those before it must already be in {@code digest}); answers what the server stored. A refusal comes before
     * any byte is sent. When the server refuses before the body is through (its {@code ERR} arrives early, as when
     * another upload took the name), sending stops and this connection is marked unusable.
     */
    public RemoteDigest upload(String name, Path file, long offset, MessageDigest digest, Progress progress) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            String goAhead = command("PUT " + name + " " + size + " " + offset);
            String due = "OK send %d bytes from %d".formatted(size - offset, offset);
            if (!goAhead.equals(due)) {
                // not the go-ahead: whatever the server took this line for, a body sent now would be read as commands
                broken = true;
                throw ServerReplyException.unexpected("PUT", goAhead, "'" + due + "'");
            }
            progress.began();
            channel.position(offset);
            ByteBuffer bytes = ByteBuffer.wrap(buffer);
            long sent = offset;
            while (sent < size) {
                bytes.clear().limit((int) Math.min(BUFFER, size - sent));
                int n = channel.read(bytes);
                if (n < 0) {
                    throw new IOException(file + " shrank while it was being sent");
                }
                digest.update(buffer, 0, n);
                try {
                    out.write(buffer, 0, n);
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
        return RemoteDigest.of(readReply());
    }

    private IOException earlyReplyOr(IOException fallback) { // the refusal that came early, else fallback
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
        return ProtocolText.words(command("LOGIN " + user + " " + new String(password)));
    }

    String delete(String name) throws IOException {
        return ProtocolText.words(command("DELETE " + name));
    }

    /** {@code RENAME old new}, each name quoted when it holds a space or starts with a quote. */
    String rename(String from, String to) throws IOException {
        return ProtocolText.words(command("RENAME " + ProtocolText.quoted(from) + " " + ProtocolText.quoted(to)));
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

    PipelinedPuts pipelinedPuts(int window) { // uploads sent without waiting for their replies, up to window unanswered
        return puts == null ? (puts = new PipelinedPuts(this, out, buffer, window)) : puts;
    }

    PipelinedGets pipelinedGets(int window) { // downloads asked for before the bodies before them are read
        return gets == null ? (gets = new PipelinedGets(this, in, out, buffer, window)) : gets;
    }

    void settle() { // the replies still owed to pipelined uploads and downloads
        if (puts != null) {
            puts.settle();
        }
        if (gets != null) {
            gets.settle();
        }
    }

    void markBroken() { broken = true; }

    /**
     * A name with a line break in it (typed, or from a hostile listing) would end the command early and send the rest as
     * another: refused before anything is sent, as an error the user is shown, not a stack trace.
     */
    private static void requireOneLine(String text) throws IOException {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IOException("cannot send '%s': a name cannot hold a line break".formatted(ServerText.shown(text)));
        }
    }

    /** Sends one command line (after reading what pipelined uploads are owed) and answers its {@code OK} reply; {@code ERR} is thrown. */
    public String command(String line) throws IOException {
        requireOneLine(line);
        settle();
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readReply();
    }

    String readReply() throws IOException {
        String reply = readLine();
        if (reply.startsWith("OK")) {
            return reply;
        }
        if (reply.startsWith("ERR")) {
            if (reply.endsWith("; closing") || reply.endsWith("; closing (too many bytes to discard)")) {
                // the server hangs up after this line (line too long, banned, a body it cannot skip...): the next
                // command opens a new connection instead of failing on this one
                broken = true;
            }
            throw ServerReplyException.of(reply);
        }
        broken = true;
        throw new IOException("unexpected reply from the server: " + ServerText.shown(reply));
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

    long number(String reply, int index) throws IOException {
        String[] parts = reply.split(" ");
        try {
            long value = Long.parseLong(parts[index]);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (RuntimeException e) {
            broken = true;
            throw new IOException("malformed reply from the server: " + ServerText.shown(reply));
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
