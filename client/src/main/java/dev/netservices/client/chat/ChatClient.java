package dev.netservices.client.chat;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The terminal chat client, like the original: asks for a name until the server answers {@code OK}, then
 * sends each typed line as {@code C <name> <text>} while a reader thread prints whatever arrives;
 * {@code quit} (or end of input) sends {@code Q <name>} and ends. It speaks only the original wire format
 * ({@code L}/{@code C}/{@code Q}), so it works against the original server too; lines starting with
 * {@code /} ({@code /who}, {@code /ping}) are this service's commands and are sent as they are.
 *
 * <pre>java -jar client.jar chat [--host H] [--port P]</pre>
 */
public final class ChatClient {

    private static final int DEFAULT_PORT = 8000;
    private static final int MAX_DATAGRAM = 65_507;
    private static final int JOIN_TIMEOUT_MS = 3000;
    private static final int JOIN_TRIES = 3;

    private final BufferedReader in;
    private final PrintStream out;
    private final InetSocketAddress server;

    public ChatClient(BufferedReader in, PrintStream out, InetSocketAddress server) {
        this.in = in;
        this.out = out;
        this.server = server;
    }

    public int run() {
        if (server.isUnresolved()) {
            out.println("unknown host " + server.getHostString());
            return 1;
        }
        try (DatagramSocket socket = new DatagramSocket()) {
            // Connected: the kernel drops datagrams from anyone but the server's port.
            socket.connect(server);
            String name = join(socket);
            if (name == null) {
                return 1;
            }
            if (name.isEmpty()) {
                return 0;
            }
            CountDownLatch exited = new CountDownLatch(1);
            Thread reader = Thread.ofPlatform().name("chat-reader").daemon(true).start(() -> printArrivals(socket, exited));
            talk(socket, name);
            // Wait a moment for the server's EXIT so the room's last words are printed before we go.
            exited.await(1, TimeUnit.SECONDS);
            reader.interrupt();
            return 0;
        } catch (IOException e) {
            out.println("chat: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Asks for a name until the server answers OK; the name, "" at end of input, or null when unreachable. */
    private String join(DatagramSocket socket) throws IOException {
        socket.setSoTimeout(JOIN_TIMEOUT_MS);
        while (true) {
            out.print("name: ");
            out.flush();
            String name = in.readLine();
            if (name == null) {
                return "";
            }
            name = name.strip();
            if (name.isEmpty()) {
                continue;
            }
            String reply = null;
            for (int attempt = 0; attempt < JOIN_TRIES && reply == null; attempt++) {
                try {
                    send(socket, "L " + name);
                    reply = receive(socket);
                } catch (SocketTimeoutException e) {
                    out.println("no answer from " + describe() + " yet...");
                } catch (PortUnreachableException e) {
                    out.println("nothing listens on " + describe() + " (is the chat server running?)");
                    return null;
                }
            }
            if (reply == null) {
                out.println("no answer from " + describe() + "; giving up");
                return null;
            }
            if (reply.equals("OK")) {
                out.println("You are in the room as " + name + ". Type a line to talk, /who to list members, quit to leave.");
                return name;
            }
            out.println(reply);
        }
    }

    private void talk(DatagramSocket socket, String name) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            String text = line.strip();
            if (text.equals("quit")) {
                break;
            }
            if (text.isEmpty()) {
                continue;
            }
            sendOrSay(socket, text.startsWith("/") ? text : "C " + name + " " + text);
        }
        sendOrSay(socket, "Q " + name);
    }

    private void printArrivals(DatagramSocket socket, CountDownLatch exited) {
        try {
            socket.setSoTimeout(0);
            while (!socket.isClosed()) {
                String arrived = receive(socket);
                if (arrived.equals("EXIT")) {
                    exited.countDown();
                    return;
                }
                out.println(arrived);
            }
        } catch (PortUnreachableException e) {
            out.println("the chat server at " + describe() + " has gone");
        } catch (IOException e) {
            // The socket was closed on the way out.
        }
    }

    private void sendOrSay(DatagramSocket socket, String datagram) {
        try {
            send(socket, datagram);
        } catch (IOException e) {
            out.println("could not send: " + e.getMessage());
        }
    }

    private static void send(DatagramSocket socket, String datagram) throws IOException {
        byte[] bytes = datagram.getBytes(UTF_8);
        if (bytes.length > MAX_DATAGRAM) {
            throw new IOException("line too long for one datagram (" + bytes.length + " bytes)");
        }
        socket.send(new DatagramPacket(bytes, bytes.length));
    }

    private static String receive(DatagramSocket socket) throws IOException {
        byte[] buffer = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        return new String(buffer, 0, packet.getLength(), UTF_8);
    }

    private String describe() {
        return server.getHostString() + ":" + server.getPort() + "/udp";
    }
}
