package dev.netservices.client.files;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import dev.netservices.client.cli.ExitStatus;
import dev.netservices.client.terminal.LineSource;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code files>} prompt and the batch scripts: each line is split into commands
 * ({@link CommandWords}) and each command run from the {@link FileCommands} table.
 *
 * <p>At the prompt a failed or mistyped command is told and the session goes on; a script (from
 * {@code -c} or {@code -f}) stops at the first one with status 1, as lftp's {@code cmd:fail-exit} does.
 */
@Command(name = "files>")
final class FileShell implements FileCommands.Context {

    private final FileClientSession session;
    private final PrintStream out;
    private final PrintStream problems;
    private final CommandLine commands;
    private boolean quitting;

    // The same option as the command line's, so that "get a.txt --force" means the same at the prompt.
    @picocli.CommandLine.Option(names = "--force", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "replace files: local ones on get, the server's on put")
    private boolean force;
    private int failures;

    /** {@code problems}: where errors go; the prompt shows them with the rest, a script writes them to stderr. */
    FileShell(FileClientSession session, PrintStream out, PrintStream problems) {
        this.session = session;
        this.out = out;
        this.problems = problems;
        this.commands = ExitStatus.configure(FileCommands.register(new CommandLine(this)))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(problems, true))
                .setParameterExceptionHandler((e, args) -> {
                    problems.println("error: " + e.getMessage());
                    problems.println("usage: " + e.getCommandLine().getHelp().synopsis(0).strip());
                    return ExitStatus.USAGE;
                });
    }

    @Override
    public FileClientSession session() {
        return session;
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public void quit() {
        quitting = true;
    }

    @Override
    public boolean force() {
        return force || session.force();
    }

    CommandLine commands() {
        return commands;
    }

    /**
     * The prompt, until {@code quit} or the end of input: 0, or 1 when the lines came from a pipe and a
     * command failed (a script piped in must not look successful when it was not).
     */
    int interactive(LineSource lines) {
        try {
            out.println("Connected to " + session.server() + " - " + session.connection().greeting());
        } catch (IOException e) {
            problems.println("error: " + e.getMessage());
            return ExitStatus.FAILED;
        }
        out.println("Downloads are saved in " + session.folder().path());
        FileCommands.printSummary(commands, out);
        while (!quitting) {
            String line;
            try {
                line = lines.readLine("files> ");
            } catch (IOException e) {
                problems.println("error: " + e.getMessage());
                return ExitStatus.FAILED;
            }
            if (line == null) {
                out.println();
                break;
            }
            runLine(line, false);
        }
        if (quitting) {
            out.println("bye");
        }
        return failures > 0 && !lines.interactive() ? ExitStatus.FAILED : ExitStatus.OK;
    }

    /** Runs script lines in order; at the first command that fails or is mistyped, stops: 1. */
    int batch(List<String> script) {
        for (String line : script) {
            if (!runLine(line, true)) {
                return ExitStatus.FAILED;
            }
            if (quitting) {
                break;
            }
        }
        return ExitStatus.OK;
    }

    /** False when a command of the line failed (in a script, the rest of the line is then skipped). */
    private boolean runLine(String line, boolean stopAtFailure) {
        if (line.strip().startsWith("#")) {
            return true;
        }
        List<List<String>> parsed;
        try {
            parsed = CommandWords.commands(line);
        } catch (CommandWords.UnbalancedQuoteException e) {
            problems.println("error: " + e.getMessage());
            return false;
        }
        boolean allOk = true;
        for (List<String> words : parsed) {
            String verb = words.get(0).toLowerCase(Locale.ROOT);
            int status;
            if (!commands.getSubcommands().containsKey(verb)) {
                problems.println("unknown command '" + words.get(0) + "'; type help");
                status = ExitStatus.USAGE;
            } else {
                String[] args = words.toArray(String[]::new);
                args[0] = verb;
                status = commands.execute(args);
            }
            if (status == ExitStatus.FAILED) {
                failures++;
            }
            if (status != ExitStatus.OK) {
                allOk = false;
                if (stopAtFailure) {
                    return false;
                }
            }
            if (quitting) {
                break;
            }
        }
        return allOk;
    }
}
