package dev.netservices.client;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

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
        System.exit(commandLine(System.in, System.out, System.err).execute(args));
    }

    /**
     * The whole command tree, as {@code main} runs it and {@code completion} describes it; the file client
     * reads {@code in}, and every command writes to {@code out} and {@code err}.
     */
    public static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err) {
        CommandLine files = FileClient.commandLine(in, out, err);
        CommandLine root = new CommandLine(new Main())
                .addSubcommand(new CommandLine(new ChatClientCommand()))
                .addSubcommand(files)
                .addSubcommand(new CommandLine(new CompletionCommand()));
        ExitStatus.configure(root)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        return FileClient.closingSession(root, files);
    }

    @Override
    public void run() {
        // no command given: that is a usage error
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: chat, files or completion");
    }
}
