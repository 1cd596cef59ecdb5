package dev.netservices.client;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import dev.netservices.client.chat.ChatClientCommand;
import dev.netservices.client.cli.ClientVersion;
import dev.netservices.client.cli.ExitStatus;
import dev.netservices.client.files.FileClient;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar client.jar chat|files|completion ...}: one jar, one command per service.
 *
 * <p>Exit status everywhere: 0 done, 1 failed (the server refused, a transfer failed...), 2 bad usage.
 */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = ClientVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {"Terminal clients of the netservices chat room and file server.",
                "Run as bin/netservices-client COMMAND (the launcher finds a Java 17+),",
                "or as java -jar client.jar COMMAND on any Java 17+. As a command:",
                "  alias client=/path/to/netservices/bin/netservices-client"},
                footer = {"", "Run 'client COMMAND --help' for the options of each command.",
                "Exit status: 0 done, 1 failed, 2 bad usage."})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(System.in, System.out, System.err, args).execute(args));
    }

    /**
     * The whole command tree, as {@code main} runs it and {@code completion} describes it; the file client
     * reads {@code in}, and every command writes to {@code out} and {@code err}.
     */
    public static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err) {
        return commandLine(in, out, err, "");
    }

    /**
     * The tree for a run of {@code args}: when the first word names {@code chat} or {@code files}, only that command is
     * built under the root (and under {@code files}, only the file command named after it: {@link FileClient}). A client
     * runs for a second or so and picocli reads every command's options by reflection, so a transfer does not pay for
     * the chat's model (nor the chat for the file commands'); anything else (no command, an option, {@code completion},
     * a typo to suggest against) gets the whole tree.
     */
    static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err, String... args) {
        String named = args.length > 0 ? args[0].toLowerCase(Locale.ROOT) : ""; // the tree's subcommands are case-insensitive
        CommandLine root = new CommandLine(new Main());
        if (!named.equals("files")) {
            root.addSubcommand(new CommandLine(new ChatClientCommand()));
        }
        if (named.equals("chat")) {
            return configured(root, out, err);
        }
        CommandLine files = named.equals("files") ? FileClient.commandLine(in, out, err, List.of(args).subList(1, args.length))
                : FileClient.commandLine(in, out, err);
        root.addSubcommand(files);
        if (!named.equals("files")) {
            root.addSubcommand(new CommandLine(new CompletionCommand()));
        }
        return FileClient.closingSession(configured(root, out, err), files);
    }

    private static CommandLine configured(CommandLine root, PrintStream out, PrintStream err) {
        return ExitStatus.configure(root)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void run() {
        // no command given: that is a usage error
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: chat, files or completion");
    }
}
