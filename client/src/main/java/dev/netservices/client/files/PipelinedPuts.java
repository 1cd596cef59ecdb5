package dev.netservices.client.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.HexFormat;

/**
 * Uploads of small files (and {@code MKDIR}s) sent one after the other on one connection without waiting for each
 * reply, as {@code mirror -R} sends them: {@code PUT <path> <size>} with its body at once (the classic form), up to {@code window}
 * of them unanswered. The server answers in command order, each {@code OK} once that file is on its disk, and forces
 * the next files meanwhile (docs/file-protocol.md, pipelining). Each reply is checked against the SHA-256 computed while
 * sending. Any other command on the connection reads the replies still owed first ({@link FileConnection#command}).
 *
 * <p>The price of not waiting for a go-ahead: a refused file's body is sent anyway (the server drops it), which is why
 * only files up to {@link #MAX_BYTES} go this way; larger ones take the resumable form, answered before its body.
 */
final class PipelinedPuts {

    /** Largest file sent without a go-ahead: what a refusal may waste. */
    static final long MAX_BYTES = 4L << 20;

    /** Told how one upload ended. */
    interface Outcome {
        void stored(long size, String sha256);

        void failed(IOException e);
    }

    /** What was sent and is owed a reply: an upload, or a folder ({@code file} null). */
    private record Sent(String path, Path file, long size, String sha256, Outcome outcome) {
    }

    private final FileConnection connection;
    private final OutputStream out;
    private final byte[] buffer;
    private final int window;
    private final ArrayDeque<Sent> unanswered = new ArrayDeque<>();

    PipelinedPuts(FileConnection connection, OutputStream out, byte[] buffer, int window) {
        this.connection = connection;
        this.out = out;
        this.buffer = buffer;
        this.window = Math.max(1, window);
    }

    /**
     * Whether {@code PUT <path> <size>} reads back as an upload of {@code path}: not when the path's last word is a number
     * ({@code notes 2}), for the server then reads {@code PUT notes 2 5} as the resumable form (path {@code notes}, size 2,
     * offset 5), answers it without taking the body, and runs the body's bytes as commands. Such a path goes the
     * resumable way ({@code PUT notes 2 5 0}), whose two numbers are always the last two words.
     */
    static boolean framesAsClassic(String path) {
        String last = path.substring(path.lastIndexOf(' ') + 1);
        return path.indexOf(' ') < 0 || last.isEmpty() || !last.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Sends {@code file} to {@code path}; {@code outcome} is told when its reply is read (here, or in a later call). */
    void put(Path file, String path, Outcome outcome) throws IOException {
        while (unanswered.size() >= window) {
            answerOne();
        }
        try {
            RemotePaths.requireSendable(path);
        } catch (IOException unsendable) {
            outcome.failed(unsendable);
            return;
        }
        Sent sent;
        try {
            sent = send(file, path, outcome);
        } catch (IOException e) {
            connection.markBroken();
            failAll(e);
            outcome.failed(e);
            return;
        }
        unanswered.add(sent);
    }

    /**
     * Sends {@code MKDIR <path>} without waiting, as a mirror makes a level of folders (a server that forces folders off
     * the session's thread overlaps them; any other answers them one by one, in order all the same); {@code outcome} is
     * told {@code stored(0, null)} once the folder is made.
     */
    void makeFolder(String path, Outcome outcome) throws IOException {
        while (unanswered.size() >= window) {
            answerOne();
        }
        byte[] line = ("MKDIR " + path + "\r\n").getBytes(StandardCharsets.UTF_8);
        if (path.indexOf('\r') >= 0 || path.indexOf('\n') >= 0) {
            outcome.failed(new IOException("not a path this client sends: " + path));
            return;
        }
        try {
            RemotePaths.requireSendable(path);
        } catch (IOException unsendable) {
            outcome.failed(unsendable);
            return;
        }
        try {
            out.write(line);
            out.flush();
        } catch (IOException e) {
            connection.markBroken();
            failAll(e);
            outcome.failed(e);
            return;
        }
        unanswered.add(new Sent(path, null, 0, null, outcome));
    }

    /** Reads every reply still owed. */
    void settle() {
        while (!unanswered.isEmpty()) {
            answerOne();
        }
    }

    int unanswered() {
        return unanswered.size();
    }

    /** The command line and the body's first bytes in one write, the rest in buffer-sized ones. */
    private Sent send(Path file, String path, Outcome outcome) throws IOException {
        MessageDigest digest = Sha256.digest();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            byte[] line = ("PUT " + path + " " + size + "\r\n").getBytes(StandardCharsets.UTF_8);
            if (path.indexOf('\r') >= 0 || path.indexOf('\n') >= 0 || line.length > buffer.length / 2 || !framesAsClassic(path)) {
                throw new IOException("not a path this client sends: " + path);
            }
            System.arraycopy(line, 0, buffer, 0, line.length);
            int head = line.length;
            long sent = 0;
            while (sent < size || head > 0) {
                ByteBuffer bytes = ByteBuffer.wrap(buffer, head, (int) Math.min(buffer.length - head, size - sent));
                int n = bytes.hasRemaining() ? channel.read(bytes) : 0;
                if (n < 0) {
                    // the server waits for the announced bytes: this connection is out of step now
                    throw new IOException(file + " shrank while it was being sent");
                }
                digest.update(buffer, head, n);
                out.write(buffer, 0, head + n);
                sent += n;
                head = 0;
            }
            out.flush();
            return new Sent(path, file, size, HexFormat.of().formatHex(digest.digest()), outcome);
        }
    }

    private void answerOne() {
        Sent sent = unanswered.poll();
        RemoteDigest stored;
        try {
            if (sent.file() == null) {
                connection.readReply();
                sent.outcome().stored(0, null);
                return;
            }
            stored = RemoteDigest.of(connection.readReply());
        } catch (ServerReplyException refused) {
            sent.outcome().failed(refused);
            return;
        } catch (IOException broken) {
            connection.markBroken();
            sent.outcome().failed(broken);
            failAll(broken);
            return;
        }
        if (stored.size() != sent.size() || !stored.sha256().equals(sent.sha256())) {
            sent.outcome().failed(new IOException("the server stored %d bytes with sha256 %s, but %s has %d bytes with sha256 %s"
                    .formatted(stored.size(), stored.sha256(), sent.file(), sent.size(), sent.sha256())));
            return;
        }
        sent.outcome().stored(sent.size(), sent.sha256());
    }

    /** The connection broke: no reply owed will come. */
    private void failAll(IOException cause) {
        while (!unanswered.isEmpty()) {
            unanswered.poll().outcome().failed(new IOException("the connection broke before the server answered: " + cause.getMessage(), cause));
        }
    }
}
