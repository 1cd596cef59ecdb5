package dev.netservices.client.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.jline.terminal.spi.SystemStream;

import dev.netservices.client.cli.ClientVersion;
import dev.netservices.client.cli.ExitStatus;
import dev.netservices.client.cli.PortNumber;
import dev.netservices.client.terminal.LineSource;
import dev.netservices.client.terminal.PlainLines;
import dev.netservices.client.terminal.TerminalLines;
import dev.netservices.client.terminal.Tty;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code java -jar client.jar files [OPTIONS] [COMMAND [ARGS]]}: the terminal client of the file server.
 *
 * <p>With a command ({@link FileCommands}) it does that one thing and exits 0 on success, 1 on failure,
 * 2 on bad usage; options may come anywhere ({@code files get a.txt --force}). With {@code -c} or
 * {@code -f} it runs a script of commands, stopping at the first failure. Without any, it is interactive,
 * like the original ({@link FileShell}).
 */
@Command(name = "files", mixinStandardHelpOptions = true, versionProvider = ClientVersion.class,
        description = "Client of the file server: list, get, put, stat, rm and mv files, every transfer verified by SHA-256.",
        synopsisSubcommandLabel = "[COMMAND]",
        footer = {"", "Without a COMMAND, -c or -f an interactive prompt starts (type help there).",
                "A script (-c, -f) stops at the first command that fails or is mistyped, with status 1.",
                "Exit status: 0 done, 1 failed, 2 bad usage."})
public final class FileClient implements Callable<Integer>, FileCommands.Context {

    /** A script longer than this is refused rather than read into memory. */
    static final long MAX_SCRIPT_BYTES = 1 << 20;

    @Option(names = "--host", scope = ScopeType.INHERIT, paramLabel = "HOST", defaultValue = "localhost",
            description = "server host (default: ${DEFAULT-VALUE})")
    private String host;

    @Option(names = "--port", scope = ScopeType.INHERIT, paramLabel = "PORT", converter = PortNumber.class,
            description = "server port (default: 8888, with --tls 8889)")
    private Integer port;

    @Option(names = "--tls", scope = ScopeType.INHERIT, description = "speak TLS (the server's TLS port, 8889 by default)")
    private boolean tls;

    @Option(names = "--cacert", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "trust the CA certificate(s) in this PEM file for TLS (implies --tls; default: Java's trust store)")
    private Path caCertificates;

    @Option(names = {"-u", "--user"}, scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "log in as NAME; the password comes from --password-file, $" + Credentials.PASSWORD_VARIABLE
                    + " or a prompt without echo")
    private String user;

    @Option(names = "--password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "read the password from the first line of FILE")
    private Path passwordFile;

    @Option(names = "--dir", scope = ScopeType.INHERIT, paramLabel = "FOLDER", defaultValue = ".",
            description = "folder downloads are saved in (default: the current folder)")
    private Path dir;

    @Option(names = "--force", scope = ScopeType.INHERIT, description = "replace files: local ones on get, the server's on put")
    private boolean force;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "no progress bar or transfer summary")
    private boolean quiet;

    @Option(names = "-c", paramLabel = "COMMANDS", description = "run these commands, separated by ';', then exit")
    private String commands;

    @Option(names = "-f", paramLabel = "SCRIPT", description = "run the commands in SCRIPT ('-': standard input), then exit")
    private Path script;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private static final BusyRetry.Pause SLEEP = duration -> Thread.sleep(duration.toMillis());

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final BusyRetry.Pause pause;
    private FileClientSession session;

    private FileClient(InputStream in, PrintStream out, PrintStream err, BusyRetry.Pause pause) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.pause = pause;
    }

    /** The {@code files} command with its table of commands, reading {@code in}, writing {@code out} and {@code err}. */
    public static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err) {
        return commandLine(in, out, err, SLEEP);
    }

    /**
     * The {@code files} command for a run whose words after {@code files} are {@code words}: with only the command they
     * name when it is a session command ({@link FileCommands#registerNamed}), else the whole table.
     */
    public static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err, List<String> words) {
        return configured(FileCommands.registerNamed(new CommandLine(new FileClient(in, out, err, SLEEP)), words), out, err);
    }

    static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err, BusyRetry.Pause pause) {
        return configured(FileCommands.register(new CommandLine(new FileClient(in, out, err, pause))), out, err);
    }

    private static CommandLine configured(CommandLine files, PrintStream out, PrintStream err) {
        return ExitStatus.configure(files)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    }

    /**
     * Makes {@code root} (this command, or the whole tree above it) end the file server session, with
     * {@code QUIT}, once whatever command it ran is done.
     */
    public static CommandLine closingSession(CommandLine root, CommandLine files) {
        return root.setExecutionStrategy(parsed -> {
            try {
                return new CommandLine.RunLast().execute(parsed);
            } finally {
                ((FileClient) files.getCommand()).closeSession();
            }
        });
    }

    @Override
    public Integer call() throws IOException {
        if (commands != null && script != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-c and -f cannot be used together");
        }
        if (commands != null) {
            return new FileShell(session(), out, err).batch(List.of(commands));
        }
        if (script != null) {
            return new FileShell(session(), out, err).batch(readScript());
        }
        FileShell shell = new FileShell(session(), out, out);
        if (in == System.in && Tty.interactive()) {
            try (LineSource terminal = TerminalLines.open("files", new FileCompleter(shell.commands(), session), false)) {
                return shell.interactive(terminal);
            }
        }
        return shell.interactive(new PlainLines(in, out));
    }

    private List<String> readScript() throws IOException {
        byte[] bytes = script.toString().equals("-") ? in.readNBytes((int) MAX_SCRIPT_BYTES + 1) : readLimited(script);
        if (bytes.length > MAX_SCRIPT_BYTES) {
            throw new IOException("script " + script + " is longer than " + MAX_SCRIPT_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }

    private static byte[] readLimited(Path file) throws IOException {
        try (InputStream input = Files.newInputStream(file)) {
            return input.readNBytes((int) MAX_SCRIPT_BYTES + 1);
        } catch (IOException e) {
            throw new IOException("cannot read script " + file + ": " + LocalFileError.reason(e), e);
        }
    }

    @Override
    public FileClientSession session() throws IOException {
        if (session == null) {
            DownloadFolder folder;
            try {
                folder = new DownloadFolder(dir);
            } catch (IOException e) {
                throw new IOException("cannot use download folder " + dir + ": " + LocalFileError.reason(e), e);
            }
            if (passwordFile != null && user == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--password-file needs --user");
            }
            boolean secure = tls || caCertificates != null;
            TlsTrust trust = secure ? TlsTrust.of(caCertificates) : null;
            Credentials credentials = user == null ? null : Credentials.of(user, passwordFile, System.getenv());
            ProgressBar.Style progress = quiet ? ProgressBar.Style.NONE
                    : err == System.err && Tty.isTerminal(SystemStream.Error) ? ProgressBar.Style.BAR : ProgressBar.Style.SUMMARY;
            int serverPort = port != null ? port : secure ? 8889 : 8888;
            session = new FileClientSession(host, serverPort, folder, force, progress, out, err, new BusyRetry(pause, err), trust, credentials);
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

    @Override
    public boolean force() {
        return force;
    }

    private void closeSession() {
        if (session != null) {
            session.close();
        }
    }
}
