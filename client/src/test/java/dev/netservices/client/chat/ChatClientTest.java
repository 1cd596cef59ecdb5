package dev.netservices.client.chat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against the original server's wire format, played datagram by datagram on a real UDP socket:
 * the original refuses a taken name with a bare text, accepts with {@code OK}, relays {@code name : text},
 * and answers {@code Q} with {@code EXIT}.
 */
class ChatClientTest {

    private final DatagramSocket originalServer;
    private final PipedWriter keyboard = new PipedWriter();
    private final PrintWriter typing;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exit;

    ChatClientTest() throws Exception {
        originalServer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        originalServer.setSoTimeout(5000);
        typing = new PrintWriter(keyboard, true);
        BufferedReader in = new BufferedReader(new PipedReader(keyboard));
        PrintStream out = new PrintStream(screen, true, UTF_8);
        ChatClient client = new ChatClient(in, out,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), originalServer.getLocalPort()));
        exit = CompletableFuture.supplyAsync(client::run);
    }

    @AfterEach
    void closeServer() {
        originalServer.close();
        typing.close();
    }

    private DatagramPacket serverReceives(String expected) throws Exception {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        originalServer.receive(packet);
        assertThat(new String(buffer, 0, packet.getLength(), UTF_8)).isEqualTo(expected);
        return packet;
    }

    private void serverSends(String text, SocketAddress to) throws Exception {
        byte[] bytes = text.getBytes(UTF_8);
        originalServer.send(new DatagramPacket(bytes, bytes.length, to));
    }

    private void screenShows(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!screen.toString(UTF_8).contains(text)) {
            assertThat(System.nanoTime()).as("screen shows %s; it has:%n%s", text, screen.toString(UTF_8)).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void asksForANameUntilOkThenTalksPrintsArrivalsAndLeavesOnQuit() throws Exception {
        typing.println("小明");
        SocketAddress client = serverReceives("L 小明").getSocketAddress();
        serverSends("该用户已存在", client);
        screenShows("该用户已存在");

        typing.println("xiaoming");
        serverReceives("L xiaoming");
        serverSends("OK", client);
        screenShows("You are in the room as xiaoming");

        serverSends("欢迎 小红 进入聊天室", client);
        serverSends("小红 : 你好", client);
        screenShows("小红 : 你好");
        assertThat(screen.toString(UTF_8)).contains("欢迎 小红 进入聊天室\n小红 : 你好");

        typing.println("hello room");
        serverReceives("C xiaoming hello room");
        typing.println("");
        typing.println("/who");
        serverReceives("/who");

        typing.println("quit");
        serverReceives("Q xiaoming");
        serverSends("EXIT", client);
        assertThat(exit.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(screen.toString(UTF_8)).doesNotContain("EXIT");
    }

    @Test
    void endOfInputLeavesTheRoomToo() throws Exception {
        typing.println("alone");
        SocketAddress client = serverReceives("L alone").getSocketAddress();
        serverSends("OK", client);
        screenShows("You are in the room as alone");
        typing.close();
        serverReceives("Q alone");
        assertThat(exit.get(5, TimeUnit.SECONDS)).isZero();
    }
}
