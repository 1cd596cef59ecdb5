package dev.netservices.client.chat;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;

import dev.netservices.client.ClientVersion;
import dev.netservices.client.PortNumber;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar client.jar chat [OPTIONS]}: the options of the chat client. */
@Command(name = "chat", mixinStandardHelpOptions = true, versionProvider = ClientVersion.class,
        description = "Client of the chat room: asks a name, then each line you type is a message; quit leaves.")
public final class ChatCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "localhost", description = "server host (default: ${DEFAULT-VALUE})")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000", converter = PortNumber.class,
            description = "server UDP port (default: ${DEFAULT-VALUE})")
    private int port;

    @Override
    public Integer call() {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, UTF_8));
        PrintStream stdout = new PrintStream(System.out, true, UTF_8);
        return new ChatClient(stdin, stdout, new InetSocketAddress(host, port)).run();
    }
}
