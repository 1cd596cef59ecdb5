package dev.netservices.client.files;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

import dev.netservices.client.terminal.ServerText;

/**
 * Downloads and uploads that end with a SHA-256 check: a download against the server's {@code STAT}, an
 * upload against the digest the server answers. A download goes to {@code <name>.part} first and becomes
 * {@code <name>} only once verified; a {@code .part} left by an interrupted download is resumed from its size.
 * The sizes the server declares are not taken on trust: what is still to come must fit in the folder's
 * free space, and the {@code GET} must announce what the {@code STAT} said.
 */
final class VerifiedTransfers {

    private static final int MAX_UPLOAD_ATTEMPTS = 3;

    private final FileClientSession session;

    VerifiedTransfers(FileClientSession session) {
        this.session = session;
    }

    /** Downloads into the local folder, resuming a .part, and verifies the SHA-256 before the file appears. */
    void get(String name, boolean force) throws IOException {
        get(name, session.folder(), force);
    }

    /** Downloads the remote path {@code name} into {@code folder}, under its last segment. */
    void get(String name, DownloadFolder folder, boolean force) throws IOException {
        PrintStream out = session.out();
        String shownName = ServerText.shown(name);
        Path target = folder.target(RemotePaths.localName(name));
        if (Files.exists(target) && !force) {
            throw new IOException(ServerText.shown(target.toString()) + " already exists (use --force to replace it)");
        }
        Path part = folder.partOf(target);
        RemoteDigest remote = session.connection().stat(name);
        long offset = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (offset > remote.size()) {
            offset = 0;
        }
        long free = folder.freeSpace();
        if (remote.size() - offset > free) {
            throw new IOException("cannot get %s: it needs %s (%d bytes) but %s has %s free"
                    .formatted(shownName, ProgressBar.human(remote.size() - offset), remote.size() - offset, folder.path(),
                            ProgressBar.human(free)));
        }
        MessageDigest digest = Sha256.digest();
        if (offset > 0) {
            hashPrefix(part, offset, digest);
            out.println("resuming " + shownName + " at byte " + offset);
        }
        Progress progress = session.progress("get " + shownName, remote.size(), offset);
        try {
            session.connection().download(name, offset, remote.size() - offset, part, digest, progress);
        } catch (IOException e) {
            if (!Files.exists(part)) {
                throw e;
            }
            throw new IOException(e.getMessage() + "; " + ServerText.shown(part.getFileName().toString()) + " is kept: get " + shownName
                    + " again to resume", e);
        } finally {
            progress.finished();
        }
        String sha256 = ProtocolText.hex(digest);
        if (!sha256.equals(remote.sha256())) {
            Files.deleteIfExists(part);
            throw new IOException("SHA-256 mismatch for " + shownName + ": server " + remote.sha256() + ", received " + sha256
                    + " (file changed meanwhile?); the partial file was deleted, get it again");
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.println("saved " + ServerText.shown(target.toString()) + " (" + remote.size() + " bytes, sha256 " + sha256 + " verified)");
    }

    /**
     * Uploads to the remote path {@code name} and compares the server's SHA-256 with the one computed while sending.
     * The server answers before the body, so a refusal costs no bytes. With {@code resume} the upload continues from
     * what the server holds of an interrupted one of the same size; a connection that breaks mid-body is opened
     * again and the upload continued from there, by itself, a few times (as lftp does). With {@code force} a file of
     * that name on the server is deleted first.
     */
    void put(Path given, String name, boolean force, boolean resume) throws IOException {
        Path file = session.local(given);
        if (!Files.isRegularFile(file)) {
            // a name whose bytes the file-name encoding cannot read arrives with U+FFFD in their place, naming no file
            String why = given.toString().indexOf('\uFFFD') < 0 ? "" : " (the name as given has bytes that are not valid in this "
                    + "system's file-name encoding, " + System.getProperty("sun.jnu.encoding") + ": rename the file)";
            throw new IOException(given + " is not a readable file" + (given.isAbsolute() ? "" : " in " + session.folder().path()) + why);
        }
        if (name.isEmpty()) {
            // "PUT  5 0" would be read as PUT of a file named 5, size 0
            throw new IOException("/ is a folder; give the upload a file name (put FILE PATH)");
        }
        RemotePaths.requireSendable(name);
        long size = Files.size(file);
        if (force) {
            try {
                session.connection().delete(name);
            } catch (ServerReplyException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        long offset = resume ? heldOf(name, size) : 0;
        RemoteDigest stored = null;
        MessageDigest digest = null;
        for (int attempt = 1; stored == null; attempt++) {
            digest = Sha256.digest();
            if (offset > 0) {
                hashPrefix(file, offset, digest);
                session.out().println("resuming " + name + " at byte " + offset);
            }
            Progress progress = session.progress("put " + name, size, offset);
            try {
                stored = session.connection().upload(name, file, offset, digest, progress);
            } catch (ServerReplyException refused) {
                throw refused;
            } catch (IOException broken) {
                if (attempt == MAX_UPLOAD_ATTEMPTS) {
                    throw new IOException(broken.getMessage() + "; put -c " + given + " resumes it", broken);
                }
                session.out().println("connection lost during put " + name + " (" + broken.getMessage() + "); resuming");
                offset = resumePoint(name, size, given);
            } finally {
                progress.finished();
            }
        }
        String sha256 = ProtocolText.hex(digest);
        if (stored.size() != size || !stored.sha256().equals(sha256)) {
            throw new IOException("the server stored %d bytes with sha256 %s, but %s has %d bytes with sha256 %s"
                    .formatted(stored.size(), stored.sha256(), file, size, sha256));
        }
        session.out().println("uploaded " + name + " (" + size + " bytes, sha256 " + sha256 + " verified)");
    }

    /**
     * Where to continue after a broken connection; when the server cannot be reached again, the failure says that
     * {@code put -c} continues later (the server keeps what it received).
     */
    private long resumePoint(String name, long size, Path given) throws IOException {
        try {
            return heldOf(name, size);
        } catch (IOException unreachable) {
            throw new IOException(unreachable.getMessage() + "; put -c " + given + " resumes it", unreachable);
        }
    }

    /** What the server holds of an interrupted upload of {@code name} with this size; 0 when nothing fits. */
    private long heldOf(String name, long size) throws IOException {
        long[] partial = partialOf(session.connection(), name);
        return partial != null && partial[1] == size && partial[0] <= size ? partial[0] : 0;
    }

    /** {@code STAT}'s {@code OK partial <held> of <size> <path>}: {held, size}; null for anything else. */
    private static long[] partialOf(FileConnection connection, String path) throws IOException {
        String reply;
        try {
            reply = connection.command("STAT " + path);
        } catch (ServerReplyException notThere) {
            return null;
        }
        String[] parts = reply.split(" ");
        try {
            if (parts.length >= 5 && parts[1].equals("partial") && parts[3].equals("of")) {
                return new long[] {Long.parseLong(parts[2]), Long.parseLong(parts[4])};
            }
        } catch (NumberFormatException e) {
            // not a partial upload's line
        }
        return null;
    }

    private static void hashPrefix(Path file, long length, MessageDigest digest) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            long remaining = length;
            while (remaining > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                digest.update(buffer.flip());
                remaining -= n;
            }
        }
    }
}
