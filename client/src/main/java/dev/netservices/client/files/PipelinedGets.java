package dev.netservices.client.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;

import dev.netservices.client.terminal.ServerText;

/**
 * Downloads of whole files asked for on one connection before the bodies before them are read, as {@code mirror}
 * asks for them: {@code STAT <path>} and {@code GET <path> 0} sent together, up to {@code window} files ahead, their
 * replies read in order (the server answers in command order). Each file goes to its {@code .part} first and takes its
 * name only once its SHA-256 matches the {@code STAT}'s, as with {@code get}. Any other command on the connection reads
 * what is still owed first ({@link FileConnection#command}).
 */
final class PipelinedGets {

    /** Told how one download ended. */
    interface Outcome {
        void saved(long size, String sha256);

        void failed(IOException e);
    }

    /** This file failed, the stream is still in step: the next ones go on. */
    private static final class FileFailed extends IOException {
        FileFailed(String message) {
            super(message);
        }
    }

    private record Asked(String source, Path target, Path part, Outcome outcome) {
    }

    private final FileConnection connection;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer;
    private final int window;
    private final ArrayDeque<Asked> asked = new ArrayDeque<>();

    PipelinedGets(FileConnection connection, InputStream in, OutputStream out, byte[] buffer, int window) {
        this.connection = connection;
        this.in = in;
        this.out = out;
        this.buffer = buffer;
        this.window = Math.max(1, window);
    }

    /** Asks for {@code source} into {@code target} (through {@code part}); {@code outcome} is told once its body is read. */
    void get(String source, Path target, Path part, Outcome outcome) throws IOException {
        if (source.indexOf('\r') >= 0 || source.indexOf('\n') >= 0) {
            outcome.failed(new IOException("not a path this client sends: " + ServerText.shown(source)));
            return;
        }
        while (asked.size() >= window) {
            receiveOne();
        }
        try {
            out.write(("STAT " + source + "\r\nGET " + source + " 0\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            connection.markBroken();
            failAll(e);
            outcome.failed(e);
            return;
        }
        asked.add(new Asked(source, target, part, outcome));
    }

    /** Reads every body still owed. */
    void settle() {
        while (!asked.isEmpty()) {
            receiveOne();
        }
    }

    private void receiveOne() {
        Asked next = asked.poll();
        try {
            receive(next);
        } catch (ServerReplyException | FileFailed refused) {
            next.outcome().failed(refused);
        } catch (IOException e) {
            // the stream is out of step (or gone): nothing after this file can be read
            connection.markBroken();
            next.outcome().failed(e);
            failAll(e);
        }
    }

    /** The {@code STAT} and {@code GET} replies and the body; a refusal of either is thrown once both are read. */
    private void receive(Asked next) throws IOException {
        RemoteDigest remote = null;
        ServerReplyException refused = null;
        try {
            remote = RemoteDigest.of(connection.readReply());
        } catch (ServerReplyException e) {
            refused = e;
        }
        long count = connection.number(connection.readReply(), 1);
        String shown = ServerText.shown(next.source());
        if (refused != null || count != remote.size()) {
            // skipped to stay in step: a file that changed between the two replies is fetched next time
            in.skipNBytes(count);
            if (refused != null) {
                throw refused;
            }
            throw new FileFailed("%s changed between its STAT (%d bytes) and its GET (%d bytes); get it again"
                    .formatted(shown, remote.size(), count));
        }
        MessageDigest digest = Sha256.digest();
        BodyCopy.toFile(in, count, next.part(), 0, digest, Progress.NONE, buffer);
        String sha256 = ProtocolText.hex(digest);
        if (!sha256.equals(remote.sha256())) {
            Files.deleteIfExists(next.part());
            throw new FileFailed("SHA-256 mismatch for " + shown + ": server " + remote.sha256() + ", received " + sha256
                    + " (file changed meanwhile?); the partial file was deleted, get it again");
        }
        Files.move(next.part(), next.target(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        next.outcome().saved(count, sha256);
    }

    /** The connection broke: no body owed will come. */
    private void failAll(IOException cause) {
        while (!asked.isEmpty()) {
            asked.poll().outcome().failed(new IOException("the connection broke before the server answered: " + cause.getMessage(), cause));
        }
    }
}
