package dev.netservices.client.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.netservices.client.ClientVersion;
import dev.netservices.client.ExitStatus;
import dev.netservices.client.PortNumber;
import dev.netservices.client.terminal.PlainLines;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code java -jar client.jar files [OPTIONS] [COMMAND [ARGS]]}: the terminal client of the file server.
 *
 * <p>With a command ({@link FileCommands}) it does that one thing and exits 0 on success, 1 on failure,
 * 2 on bad usage, for scripts; options may come anywhere ({@code files get a.txt --force}). Without one it
 * is interactive, like the original ({@link FileShell}).
 */
@Command(name = "files", mixinStandardHelpOptions = true, versionProvider = ClientVersion.class,
        description = "Client of the file server: list, get, put and stat files, every transfer verified by SHA-256.",
        synopsisSubcommandLabel = "[COMMAND]",
        footer = {"", "Without a COMMAND an interactive prompt starts (type help there)."})
public final class FileClient implements Callable<Integer>, FileCommands.Context {

    @Option(names = "--host", scope = ScopeType.INHERIT, paramLabel = "HOST", defaultValue = "localhost",
            description = "server host (default: ${DEFAULT-VALUE})")
    private String host;

    @Option(names = "--port", scope = ScopeType.INHERIT, paramLabel = "PORT", defaultValue = "8888", converter = PortNumber.class,
            description = "server port (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--dir", scope = ScopeType.INHERIT, paramLabel = "FOLDER", defaultValue = ".",
            description = "folder downloads are saved in (default: the current folder)")
    private Path dir;

    @Option(names = "--force", scope = ScopeType.INHERIT, description = "replace local files on get")
    private boolean force;

    @Option(names = "--quiet", scope = ScopeType.INHERIT, description = "no progress bar")
    private boolean quiet;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private FileSession session;

    private FileClient(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** The {@code files} command with its table of commands, reading {@code in}, writing {@code out} and {@code err}. */
    public static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err) {
        CommandLine files = FileCommands.register(new CommandLine(new FileClient(in, out, err)));
        return ExitStatus.configure(files)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    }

    /** Entry point for tests and embedding: the status {@code main} would exit with. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        CommandLine files = commandLine(in, out, err);
        try {
            return files.execute(args);
        } finally {
            ((FileClient) files.getCommand()).closeSession();
        }
    }

    @Override
    public Integer call() throws IOException {
        return new FileShell(session(), out).interactive(new PlainLines(in, out));
    }

    @Override
    public FileSession session() throws IOException {
        if (session == null) {
            DownloadFolder folder;
            try {
                folder = new DownloadFolder(dir);
            } catch (IOException e) {
                throw new IOException("cannot use download folder " + dir + ": " + e.getMessage(), e);
            }
            session = new FileSession(host, port, folder, force, quiet, out, err);
        }
        return session;
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public void quit() {
        // a one-shot command has nothing more to do
    }

    void closeSession() {
        if (session != null) {
            session.close();
        }
    }
}
