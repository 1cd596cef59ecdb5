package dev.netservices.client.chat;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;

import dev.netservices.client.cli.ClientVersion;
import dev.netservices.client.cli.DurationValue;
import dev.netservices.client.cli.PortNumber;
import dev.netservices.client.terminal.PlainLines;
import dev.netservices.client.terminal.Screen;
import dev.netservices.client.terminal.TerminalLines;
import dev.netservices.client.terminal.Tty;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar client.jar chat [OPTIONS]}: the options of the chat client, and its terminal. */
@Command(name = "chat", mixinStandardHelpOptions = true, versionProvider = ClientVersion.class,
        description = {"Client of the chat room: joins (asking a name unless --name), then each line you type is a message. "
                + "Lines from the room appear above the line you are typing.",
                "/who lists the members of your room, /join #ROOM moves to a room (the prompt shows it), /part back to #lobby, "
                + "/rooms lists rooms, /msg NAME TEXT talks to one member (Tab completes names seen), /join NAME renames, "
                + "/help asks the room; quit, /quit or Ctrl-D leaves. Private messages and replayed history are marked (and "
                + "coloured on a terminal). "
                + "While you are silent a /ping keeps the room (and any NAT on the way) aware of you; "
                + "if the server stops answering you are told, and when it is back you are joined again under your name."},
        footer = {"", "Exit status: 0 after leaving, 1 when the server cannot be reached or removed you, 2 bad usage."})
public final class ChatClientCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "localhost", description = "server host (default: ${DEFAULT-VALUE})")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000", converter = PortNumber.class,
            description = "server UDP port (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "join with this name without being asked")
    private String name;

    @Option(names = "--keepalive", paramLabel = "DURATION", defaultValue = "25s", converter = DurationValue.class,
            description = "send /ping after this much silence of yours, 0 for never (default: ${DEFAULT-VALUE})")
    private Duration keepalive;

    @Option(names = {"-t", "--timestamps"}, description = "show the time each line arrived")
    private boolean timestamps;

    @Override
    public Integer call() throws IOException {
        ChatSettings settings = new ChatSettings(new InetSocketAddress(host, port), name, keepalive, timestamps);
        if (!Tty.interactive()) {
            PrintStream out = new PrintStream(System.out, true, UTF_8);
            return ChatClient.of(settings, new PlainLines(System.in, out), Screen.plain(out)).run();
        }
        KnownNames names = new KnownNames();
        try (TerminalLines terminal = TerminalLines.open("chat", names, true)) {
            return ChatClient.of(settings, terminal, terminal, names).run();
        }
    }
}
