package dev.netservices.client.files;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the file commands share while the client runs: one connection to the server (opened on first use,
 * and again after a transfer left it out of step), the local folder, the last listing (so {@code get 2}
 * means its second name) and where to write.
 */
final class FileClientSession implements AutoCloseable {

    private final String host;
    private final int port;
    private final boolean force;
    private final ProgressBar.Style progress;
    private final PrintStream out;
    private final PrintStream err;
    private final BusyRetry busyRetry;
    private final TlsTrust tls;
    private final Credentials credentials;
    private boolean loginTold;
    private final VerifiedTransfers transfers = new VerifiedTransfers(this);
    private DownloadFolder folder;
    private Path localFolder = Path.of("").toAbsolutePath();
    private FileConnection connection;
    private List<RemoteFile> lastListing = List.of();
    private String lastListed = "";
    /** The remote folder {@code cd} chose, relative to the session's top folder ("" is the top). */
    private String remoteFolder = "";

    FileClientSession(String host, int port, DownloadFolder folder, boolean force, ProgressBar.Style progress,
            PrintStream out, PrintStream err, BusyRetry busyRetry, TlsTrust tls, Credentials credentials) {
        this.host = host;
        this.port = port;
        this.folder = folder;
        this.force = force;
        this.progress = progress;
        this.out = out;
        this.err = err;
        this.busyRetry = busyRetry;
        this.tls = tls;
        this.credentials = credentials;
    }

    /** Another session to the same server with the same login and folders, for a transfer running beside this one's. */
    FileClientSession worker() {
        FileClientSession worker = new FileClientSession(host, port, folder, force, ProgressBar.Style.NONE, out, err, busyRetry, tls, credentials);
        worker.loginTold = true;
        worker.localFolder = localFolder;
        worker.remoteFolder = remoteFolder;
        return worker;
    }

    String server() {
        return host + ":" + port + (tls == null ? "" : " (TLS)");
    }

    PrintStream out() {
        return out;
    }

    /** Where problems are told (the progress bars go there too). */
    PrintStream err() {
        return err;
    }

    /** Where downloads land: {@code --dir}, or the folder {@code lcd} chose. */
    DownloadFolder folder() {
        return folder;
    }

    /** {@code lcd}: downloads land in this folder from now on, and relative paths given to put start from it. */
    void changeFolder(DownloadFolder folder) {
        this.folder = folder;
        this.localFolder = folder.path();
    }

    Path localFolder() {
        return localFolder;
    }

    /** A local path as the user gave it: relative ones start from the current folder, or the one lcd chose. */
    Path local(Path path) {
        return localFolder.resolve(path);
    }

    boolean force() {
        return force;
    }

    VerifiedTransfers transfers() {
        return transfers;
    }

    Progress progress(String label, long total, long startedFrom) {
        return ProgressBar.of(progress, err, label, total, startedFrom);
    }

    List<RemoteFile> lastListing() {
        return lastListing;
    }

    void listed(String folder, List<RemoteFile> listing) {
        this.lastListing = List.copyOf(listing);
        this.lastListed = folder;
    }

    /**
     * A remote path as the server takes it: a number from the last listing stands for that entry; a path starting
     * with {@code /} starts at the top folder, any other at the folder {@code cd} chose; {@code .} and {@code ..}
     * are resolved here ({@code ..} never goes above the top).
     */
    String fromListing(String nameOrNumber) {
        if (nameOrNumber.matches("\\d{1,9}")) {
            int index = Integer.parseInt(nameOrNumber) - 1;
            if (index >= 0 && index < lastListing.size()) {
                return RemotePaths.join(lastListed, lastListing.get(index).name());
            }
        }
        return RemotePaths.resolve(remoteFolder, nameOrNumber);
    }

    /** A remote path typed as a new name (no listing numbers): from the top with {@code /}, else from the current folder. */
    String remote(String path) {
        return RemotePaths.resolve(remoteFolder, path);
    }

    String remoteFolder() {
        return remoteFolder;
    }

    void changeRemoteFolder(String folder) {
        this.remoteFolder = folder;
    }

    /** Reads the replies owed to uploads sent without waiting; nothing when no connection is open. */
    void settle() {
        if (connection != null) {
            connection.settle();
        }
    }

    /** Whether a connection is open and in step (completion asks the server only then). */
    boolean isConnected() {
        return connection != null && connection.isUsable();
    }

    FileConnection connection() throws IOException {
        if (connection == null || !connection.isUsable()) {
            close();
            try {
                connection = busyRetry.open(() -> FileConnection.open(host, port, tls));
            } catch (ServerReplyException refused) {
                throw refused;
            } catch (IOException e) {
                boolean noGreeting = e instanceof EOFException || e instanceof SocketTimeoutException;
                String hint = tls == null && noGreeting ? " (is it a TLS port? try --tls)" : "";
                throw new UnreachableServerException("cannot reach the file server at " + server() + ": " + e.getMessage() + hint, e);
            }
            if (credentials != null) {
                logIn();
            }
        }
        return connection;
    }

    /** Every new connection logs in again (a transfer that broke off leaves the old one out of step). */
    private void logIn() throws IOException {
        try {
            String answer = connection.login(credentials.user(), credentials.password());
            if (!loginTold) {
                err.println(answer);
                loginTold = true;
            }
        } catch (ServerReplyException refused) {
            close();
            throw refused;
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.quit();
            try {
                connection.close();
            } catch (IOException e) {
                // closing anyway
            }
            connection = null;
        }
    }
}
