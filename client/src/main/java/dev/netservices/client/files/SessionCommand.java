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

    @ParentCommand
    Context context;

    @Override
    public Integer call() throws IOException {
        run(context.session());
        return status();
    }

    abstract void run(FileClientSession session) throws IOException;

    /** The status once {@link #run} returned: 0, unless the command counts failures of its own. */
    int status() {
        return ExitStatus.OK;
    }

    /** {@code change} on each of {@code given} (paths, or numbers in the last listing), printing each answer. */
    static void eachListed(FileClientSession session, List<String> given, RemoteChange change) throws IOException {
        for (String path : given) {
            session.out().println(change.apply(session.connection(), session.fromListing(path)));
        }
    }
}
