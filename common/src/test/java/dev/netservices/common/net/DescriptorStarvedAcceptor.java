package dev.netservices.common.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.LoggerFactory;

import dev.netservices.common.time.ManualClock;

/**
 * A process whose acceptor has almost no file descriptors left, for {@link TcpAcceptorTest}: it fills its
 * descriptor table with /dev/null, keeps {@code SPARE} free, accepts and holds connections, and obeys stdin:
 * {@code advance} moves its clock 10 s, {@code free} gives the descriptors back. Run in its own JVM, as
 * running out of descriptors in the test JVM would break everything else there.
 */
public final class DescriptorStarvedAcceptor {

    static final int SPARE = 2;

    private DescriptorStarvedAcceptor() {
    }

    public static void main(String[] args) throws IOException {
        ManualClock clock = new ManualClock();
        List<SocketChannel> held = new ArrayList<>();
        TcpAcceptor acceptor = TcpAcceptor.bind("starved", InetAddress.getLoopbackAddress(), 0, 64, clock);
        LoggerFactory.getLogger(DescriptorStarvedAcceptor.class).info("logging is set up before the descriptors run out");
        List<FileChannel> fillers = new ArrayList<>();
        try {
            while (true) {
                fillers.add(FileChannel.open(Path.of("/dev/null")));
            }
        } catch (IOException tooManyOpenFiles) {
            for (int i = 0; i < SPARE; i++) {
                fillers.removeLast().close();
            }
        }
        acceptor.start(channel -> {
            synchronized (held) {
                held.add(channel);
                System.out.println("accepted " + held.size());
            }
        });
        System.out.println("port " + acceptor.port());
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command = commands.readLine(); command != null; command = commands.readLine()) {
            switch (command) {
                case "advance" -> clock.advance(Duration.ofSeconds(10));
                case "free" -> {
                    for (FileChannel filler : fillers) {
                        filler.close();
                    }
                    fillers.clear();
                }
                default -> System.out.println("unknown command " + command);
            }
            System.out.println("done " + command);
        }
        acceptor.close();
    }
}
