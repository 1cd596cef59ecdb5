package dev.netservices.client.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.netservices.client.cli.ExitStatus;
import dev.netservices.client.terminal.ServerText;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The commands for folders on the server ({@code cd}, {@code pwd}, {@code mkdir}, {@code rmdir}) and for whole
 * trees ({@code mirror}), in {@link FileCommands}' table like the others.
 */
final class FolderCommands {

    private FolderCommands() {
    }

    @Command(name = "cd", description = "Change the current folder on the server (.. goes up, / is the top).")
    static final class ChangeFolder extends SessionCommand {
        @Parameters(arity = "0..1", paramLabel = "PATH", description = "the folder (default: the top)")
        private String path;

        @Override
        void run(FileClientSession session) throws IOException {
            String folder = path == null ? "" : session.fromListing(path);
            if (!folder.isEmpty()) {
                String reply = session.connection().command("STAT " + folder);
                if (!reply.startsWith("OK folder ")) {
                    throw new IOException(ServerText.shown(folder) + " is not a folder");
                }
            }
            session.changeRemoteFolder(folder);
            session.out().println("remote folder: " + ServerText.shown(RemotePaths.shown(folder)));
        }
    }

    @Command(name = "pwd", description = "Show the current folder on the server and the local folder.")
    static final class PrintFolder extends SessionCommand {
        @Override
        void run(FileClientSession session) throws IOException {
            session.out().println("remote folder: " + ServerText.shown(RemotePaths.shown(session.remoteFolder())));
            session.out().println("local folder: " + session.localFolder());
        }
    }

    @Command(name = "mkdir", description = "Make a folder on the server; -p makes the missing parents too.")
    static final class MakeFolder extends SessionCommand {
        @CommandLine.Option(names = "-p", description = "make missing parent folders, and do not fail when the folder exists")
        private boolean parents;

        @Parameters(arity = "1..*", paramLabel = "PATH", description = "the folder to make")
        private List<String> paths;

        @Override
        void run(FileClientSession session) throws IOException {
            each(session, paths, given -> {
                String path = session.remote(given);
                if (parents) {
                    RemoteTree.makeFolders(session.connection(), path, session.out());
                } else {
                    session.out().println(session.connection().makeFolder(path));
                }
            });
        }
    }

    @Command(name = "rmdir", description = "Remove an empty folder on the server.")
    static final class RemoveFolder extends SessionCommand {
        @Parameters(arity = "1..*", paramLabel = "PATH", description = "the folder, or its number in the last listing")
        private List<String> paths;

        @Override
        void run(FileClientSession session) throws IOException {
            eachListed(session, paths, FileConnection::removeFolder);
        }
    }

    @Command(name = "mirror", description = "Copy a folder tree from the server (mirror REMOTE [LOCAL]) or to it (mirror -R LOCAL [REMOTE]): only what differs.")
    static final class Mirror extends SessionCommand {
        private TreeMirror.Summary summary;

        @CommandLine.Option(names = {"-R", "--reverse"}, description = "upload: LOCAL to REMOTE")
        private boolean reverse;

        @CommandLine.Option(names = "--parallel", paramLabel = "N", defaultValue = "1", description = "connections at once (default: 1)")
        private int parallel;

        @CommandLine.Option(names = "--delete", description = "remove what the source does not have")
        private boolean delete;

        @Parameters(index = "0", paramLabel = "SOURCE", description = "the folder to copy (remote, or local with -R)")
        private String source;

        @Parameters(index = "1", arity = "0..1", paramLabel = "TARGET", description = "where to (default: the current folder)")
        private String target;

        @Override
        void run(FileClientSession session) throws IOException {
            if (parallel < 1 || parallel > 64) {
                throw new IOException("--parallel must be 1 to 64, was " + parallel);
            }
            TreeMirror mirror = new TreeMirror(session, parallel, delete);
            summary = reverse
                    ? mirror.upload(session.local(Path.of(source)), target == null ? session.remoteFolder() : session.remote(target))
                    : mirror.download(session.fromListing(source), target == null ? session.localFolder() : session.local(Path.of(target)));
            session.out().println(summary);
        }

        @Override
        int status() {
            return summary.failed() == 0 ? ExitStatus.OK : ExitStatus.FAILED;
        }
    }
}
