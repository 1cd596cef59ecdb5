package dev.netservices.client.files;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

import dev.netservices.client.cli.ClientVersion;
import dev.netservices.client.cli.ExitStatus;
import dev.netservices.client.files.FileCommands.Context;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * What every file command that works on the session shares: its place under the {@code files} command (the
 * {@link Context}), {@code --help} and {@code --version}, and the status once {@link #run} returns (an
 * {@link IOException} becomes {@code error: <why>} and status 1, as {@link FileCommands} says).
 */
@Command(mixinStandardHelpOptions = true, versionProvider = ClientVersion.class)
abstract class SessionCommand implements Callable<Integer> {

    /** One remote change ({@code DELETE}, {@code RMDIR}) on a path, answering the server's words. */
    interface RemoteChange {
        String apply(FileConnection connection, String path) throws IOException;
    }

    /** What a command does with one of the names it was given. */
    interface ForEach {
        void run(String name) throws IOException;
    }

    @ParentCommand
    Context context;

    private int failed;

    @Override
    public Integer call() throws IOException {
        failed = 0; // the shell runs each command's one instance again for every line that names it
        run(context.session());
        return status();
    }

    abstract void run(FileClientSession session) throws IOException;

    /** The status once {@link #run} returned: 1 when one of several names failed ({@link #each}), else 0. */
    int status() {
        return failed == 0 ? ExitStatus.OK : ExitStatus.FAILED;
    }

    /**
     * {@code action} on each of {@code given}: as cp and scp do, a name that fails is told ({@code error: why}) and the
     * others go on, and the command then ends with status 1 (a script stops after it). A single name fails the command
     * as any failure does, and a server that cannot be reached at all stops it at once.
     */
    void each(FileClientSession session, List<String> given, ForEach action) throws IOException {
        for (String name : given) {
            try {
                action.run(name);
            } catch (UnreachableServerException e) {
                throw e;
            } catch (IOException e) {
                if (given.size() == 1) {
                    throw e;
                }
                failed++;
                session.err().println("error: " + e.getMessage());
            }
        }
    }

    /** {@code change} on each of {@code given} (paths, or numbers in the last listing), printing each answer. */
    void eachListed(FileClientSession session, List<String> given, RemoteChange change) throws IOException {
        each(session, given, path -> session.out().println(change.apply(session.connection(), session.fromListing(path))));
    }
}
