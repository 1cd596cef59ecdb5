import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop fan-out benchmark of the chat room (issue 3), not a timed test.
 *
 * <p>Fifty members join; one of them sends {@code C <name> <seq>} lines, keeping at most W lines whose fan-out
 * is incomplete in flight; the other 49 receive {@code <name> : <seq>}. Measured: delivered datagrams per second,
 * loss (deliveries missing 1 s after the send), and fan-out latency from send to the last delivery (p50, p99).
 * The same load runs against chat-service and against a peer measured in the same run: a bare single-thread
 * {@link DatagramChannel} loop speaking the same protocol ({@link #peer}), each in its own JVM.
 *
 * <pre>
 *   ./mvnw -q -pl chat-service package -DskipTests      # builds chat-service/target/chat-service-0.1.0-SNAPSHOT.jar
 *   java bench/chat/ChatFanoutBench.java [--seconds 10] [--warmup 3] [--members 50] [--rounds 3] [--jar PATH]
 *        [--server-cpu 1|none] [--jit-warmup 15]
 * Pinned method: both servers run on one core (--server-cpu, default 1, through taskset; the service then sees
 * one CPU and runs one receiver), and this load generator is started on the other: taskset -c 0 java ...
 * </pre>
 * Run from the repository root. Prints each round, then a Markdown table of the medians over the rounds.
 */
public class ChatFanoutBench {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final long LOSS_AFTER_NANOS = 1_000_000_000L;

    private static List<String> pinned(List<String> pin, String... command) {
        List<String> line = new ArrayList<>(pin);
        line.addAll(List.of(command));
        return line;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("peer")) {
            peer(Integer.parseInt(args[1]));
            return;
        }
        Map<String, String> options = new HashMap<>(Map.of("--seconds", "10", "--warmup", "3", "--members", "50",
                "--rounds", "3", "--jar", "chat-service/target/chat-service-0.1.0-SNAPSHOT.jar",
                "--source", "bench/chat/ChatFanoutBench.java", "--server-cpu", "1", "--jit-warmup", "15"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int seconds = Integer.parseInt(options.get("--seconds"));
        int warmup = Integer.parseInt(options.get("--warmup"));
        int members = Integer.parseInt(options.get("--members"));
        int rounds = Integer.parseInt(options.get("--rounds"));
        int jitWarmup = Integer.parseInt(options.get("--jit-warmup"));
        Path jar = Path.of(options.get("--jar"));
        Path source = Path.of(options.get("--source"));
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(source)) {
            System.err.println("run from the repository root after building chat-service (missing " + jar + " or " + source + ")");
            System.exit(2);
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> pin = options.get("--server-cpu").equals("none") ? List.of() : List.of("taskset", "-c", options.get("--server-cpu"));
        int peerPort = freeUdpPort();
        int servicePort = freeUdpPort();
        List<Process> processes = new ArrayList<>();
        try {
            processes.add(new ProcessBuilder(pinned(pin, javaBin, source.toString(), "peer", Integer.toString(peerPort)))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            processes.add(new ProcessBuilder(pinned(pin, javaBin, "-jar", jar.toString(), "--server.port=0",
                    "--chat.port=" + servicePort, "--chat.max-members=" + (members + 10),
                    // The bench measures fan-out, not flood control: one sender sends tens of thousands of lines a second.
                    "--chat.flood.burst=100000", "--chat.flood.per-second=1000000000",
                    // all 50 benchmark members join from 127.0.0.1: lift the per-IP budget for non-members too
                    "--chat.flood.stranger-burst=100000", "--chat.flood.stranger-per-second=1000000000",
                    "--chat.admin.password=bench", "--logging.level.root=WARN"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            awaitPong(peerPort);
            awaitPong(servicePort);

            // The service's JVM compiles its hot paths in the first seconds of load; a run then measures the compiler.
            int run = 0;
            for (String target : new String[] {"peer", "chat-service"}) {
                int port = target.equals("peer") ? peerPort : servicePort;
                Result result = new Load(port, members, 16, "w" + (run++) + "m").run(0, jitWarmup);
                System.err.printf(Locale.ROOT, "warm-up %-12s W=16 %s (not counted)%n", target, result);
            }
            Map<String, List<Result>> results = new HashMap<>();
            for (int round = 0; round < rounds; round++) {
                for (int window : new int[] {1, 16}) {
                    for (String target : new String[] {"peer", "chat-service"}) {
                        int port = target.equals("peer") ? peerPort : servicePort;
                        Result result = new Load(port, members, window, "r" + (run++) + "m").run(warmup, seconds);
                        System.err.printf(Locale.ROOT, "round %d  %-12s W=%-2d %s%n", round + 1, target, window, result);
                        results.computeIfAbsent(target + "/" + window, k -> new ArrayList<>()).add(result);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%nChat fan-out, %d members (1 sender, %d recipients), %d s per run, median of %d rounds"
                    + " (ratios: median of each round's service/peer pair), %s, servers on cpu %s, the load sees %d cpu(s)%n%n",
                    members, members - 1, seconds, rounds, LocalDate.now(), options.get("--server-cpu"),
                    Runtime.getRuntime().availableProcessors());
            System.out.println("| W | server | delivered datagrams/s | loss | fan-out p50 | fan-out p99 | vs peer (rate) | vs peer (p99) |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (int window : new int[] {1, 16}) {
                List<Result> peers = results.get("peer/" + window);
                List<Result> services = results.get("chat-service/" + window);
                double[] rate = new double[peers.size()];
                double[] p99 = new double[peers.size()];
                for (int i = 0; i < peers.size(); i++) {
                    rate[i] = services.get(i).deliveredPerSecond() / peers.get(i).deliveredPerSecond();
                    p99[i] = (double) services.get(i).p99Nanos() / peers.get(i).p99Nanos();
                }
                System.out.println(Result.median(peers).row(window, "bare DatagramChannel loop (peer)", 1, 1));
                System.out.println(Result.median(services).row(window, "chat-service", median(rate), median(p99)));
            }
        } finally {
            for (Process process : processes) {
                process.destroy();
            }
            for (Process process : processes) {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    record Result(double deliveredPerSecond, long expected, long lost, long p50Nanos, long p99Nanos) {

        String row(int window, String server, double rateRatio, double p99Ratio) {
            return String.format(Locale.ROOT, "| %d | %s | %,.0f | %s | %s | %s | %.2fx | %.2fx |", window, server,
                    deliveredPerSecond, loss(), micros(p50Nanos), micros(p99Nanos), rateRatio, p99Ratio);
        }

        /** Median of each figure on its own; loss is summed over the rounds. */
        static Result median(List<Result> rounds) {
            return new Result(
                    ChatFanoutBench.median(rounds.stream().mapToDouble(Result::deliveredPerSecond).toArray()),
                    rounds.stream().mapToLong(Result::expected).sum(),
                    rounds.stream().mapToLong(Result::lost).sum(),
                    (long) ChatFanoutBench.median(rounds.stream().mapToDouble(Result::p50Nanos).toArray()),
                    (long) ChatFanoutBench.median(rounds.stream().mapToDouble(Result::p99Nanos).toArray()));
        }

        String loss() {
            return lost == 0 ? "0" : String.format(Locale.ROOT, "%.3f%% (%d)", 100.0 * lost / expected, lost);
        }

        static String micros(long nanos) {
            return String.format(Locale.ROOT, "%.0f µs", nanos / 1000.0);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,12.0f delivered/s  loss %s  p50 %s  p99 %s", deliveredPerSecond, loss(),
                    micros(p50Nanos), micros(p99Nanos));
        }
    }

    /** The load: members on non-blocking channels under one selector, driven by one thread. */
    static final class Load {
        private final int port;
        private final int members;
        private final int window;
        private final String prefix;
        private final DatagramChannel[] channels;
        private final Selector selector;
        private final ByteBuffer in = ByteBuffer.allocateDirect(2048);
        private final ByteBuffer out = ByteBuffer.allocateDirect(256);
        private final long[] sentAt = new long[1 << 20];
        private final int[] remaining = new int[1 << 20];
        private final ArrayDeque<Long> inFlight = new ArrayDeque<>();

        Load(int port, int members, int window, String prefix) throws IOException {
            this.port = port;
            this.members = members;
            this.window = window;
            this.prefix = prefix;
            this.channels = new DatagramChannel[members];
            this.selector = Selector.open();
        }

        Result run(int warmupSeconds, int seconds) throws IOException {
            InetSocketAddress server = new InetSocketAddress(LOOPBACK, port);
            for (int i = 0; i < members; i++) {
                DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
                channel.connect(server);
                channel.configureBlocking(true);
                channel.socket().setSoTimeout(5000);
                send(channel, "L " + prefix + i);
                String reply = receive(channel);
                if (!reply.equals("OK")) {
                    throw new IllegalStateException("join refused: " + reply);
                }
                channels[i] = channel;
            }
            // Everyone hears of later joins; let those notices go before measuring.
            drainQuietly(300);
            for (DatagramChannel channel : channels) {
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
            }
            drive(warmupSeconds * 1_000_000_000L, false);
            Result result = drive(seconds * 1_000_000_000L, true);
            for (DatagramChannel channel : channels) {
                channel.keyFor(selector).cancel();
            }
            selector.selectNow();
            for (int i = 0; i < members; i++) {
                channels[i].configureBlocking(true);
                send(channels[i], "Q " + prefix + i);
            }
            drainQuietly(300);
            for (DatagramChannel channel : channels) {
                channel.close();
            }
            selector.close();
            return result;
        }

        private Result drive(long durationNanos, boolean measure) throws IOException {
            String senderPrefix = prefix + "0 : ";
            int skip = senderPrefix.getBytes(UTF_8).length;
            int recipients = members - 1;
            long[] latencies = new long[measure ? 4_000_000 : 1];
            int latencyCount = 0;
            long delivered = 0;
            long expected = 0;
            long lost = 0;
            long seq = 0;
            long start = System.nanoTime();
            long end = start + durationNanos;
            long now = start;
            while (now < end || !inFlight.isEmpty()) {
                while (now < end && inFlight.size() < window) {
                    int slot = (int) (seq & (sentAt.length - 1));
                    sentAt[slot] = System.nanoTime();
                    remaining[slot] = recipients;
                    inFlight.add(seq);
                    send(channels[0], "C " + prefix + "0 " + seq);
                    seq++;
                    expected += recipients;
                }
                selector.select(1);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    while (true) {
                        in.clear();
                        if (channel.receive(in) == null) {
                            break;
                        }
                        in.flip();
                        long got = parseSeq(in, skip);
                        if (got < 0) {
                            continue;
                        }
                        int slot = (int) (got & (sentAt.length - 1));
                        if (remaining[slot] > 0) {
                            delivered++;
                            if (--remaining[slot] == 0) {
                                if (measure && latencyCount < latencies.length) {
                                    latencies[latencyCount++] = System.nanoTime() - sentAt[slot];
                                }
                            }
                        }
                    }
                }
                selector.selectedKeys().clear();
                now = System.nanoTime();
                // Retire finished lines in order; a line unfinished after LOSS_AFTER counts its missing deliveries as lost.
                while (!inFlight.isEmpty()) {
                    int slot = (int) (inFlight.peekFirst() & (sentAt.length - 1));
                    if (remaining[slot] == 0) {
                        inFlight.removeFirst();
                    } else if (now - sentAt[slot] > LOSS_AFTER_NANOS) {
                        lost += remaining[slot];
                        remaining[slot] = 0;
                        inFlight.removeFirst();
                    } else {
                        break;
                    }
                }
            }
            long elapsed = System.nanoTime() - start;
            long[] sorted = Arrays.copyOf(latencies, latencyCount);
            Arrays.sort(sorted);
            long p50 = sorted.length == 0 ? 0 : sorted[(int) (sorted.length * 0.50)];
            long p99 = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))];
            return new Result(delivered * 1e9 / elapsed, expected, lost, p50, p99);
        }

        /** The number after {@code <sender> : }, or -1 for anything else (a notice). */
        private static long parseSeq(ByteBuffer datagram, int skip) {
            if (datagram.remaining() <= skip) {
                return -1;
            }
            long value = 0;
            for (int i = datagram.position() + skip; i < datagram.limit(); i++) {
                int digit = datagram.get(i) - '0';
                if (digit < 0 || digit > 9) {
                    return -1;
                }
                value = value * 10 + digit;
            }
            return value;
        }

        private void send(DatagramChannel channel, String text) throws IOException {
            out.clear();
            out.put(text.getBytes(UTF_8)).flip();
            channel.write(out);
        }

        private String receive(DatagramChannel channel) throws IOException {
            byte[] bytes = new byte[2048];
            DatagramPacket packet = new DatagramPacket(bytes, bytes.length);
            channel.socket().receive(packet);
            return new String(bytes, 0, packet.getLength(), UTF_8);
        }

        private void drainQuietly(int millis) throws IOException {
            long until = System.nanoTime() + millis * 1_000_000L;
            ByteBuffer sink = ByteBuffer.allocate(2048);
            while (System.nanoTime() < until) {
                boolean any = false;
                for (DatagramChannel channel : channels) {
                    if (channel == null) {
                        continue;
                    }
                    boolean blocking = channel.isBlocking();
                    if (blocking) {
                        channel.configureBlocking(false);
                    }
                    sink.clear();
                    if (channel.receive(sink) != null) {
                        any = true;
                    }
                    if (blocking) {
                        channel.configureBlocking(true);
                    }
                }
                if (!any) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /**
     * The peer: a bare single-thread DatagramChannel loop speaking the same protocol ({@code L}, {@code C},
     * {@code Q}, {@code /ping}). It checks nothing beyond taken names and encodes each line once.
     */
    static void peer(int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(port));
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        ByteBuffer in = ByteBuffer.allocateDirect(65536);
        ByteBuffer out = ByteBuffer.allocateDirect(65536);
        Map<String, SocketAddress> byName = new HashMap<>();
        Map<SocketAddress, String> byAddress = new HashMap<>();
        SocketAddress[] members = new SocketAddress[0];
        while (true) {
            in.clear();
            SocketAddress from = channel.receive(in);
            in.flip();
            String line = UTF_8.decode(in).toString();
            if (line.endsWith("\n")) {
                line = line.substring(0, line.length() - (line.endsWith("\r\n") ? 2 : 1));
            }
            String notice = null;
            String reply = null;
            if (line.startsWith("L ")) {
                String name = line.substring(2);
                if (byName.containsKey(name)) {
                    reply = "FAIL the name " + name + " is taken";
                } else {
                    byName.put(name, from);
                    byAddress.put(from, name);
                    members = byName.values().toArray(SocketAddress[]::new);
                    reply = "OK";
                    notice = name + " entered the room";
                }
            } else if (line.startsWith("C ")) {
                int space = line.indexOf(' ', 2);
                notice = line.substring(2, space) + " : " + line.substring(space + 1);
            } else if (line.startsWith("Q ")) {
                String name = line.substring(2);
                if (byName.remove(name) != null) {
                    byAddress.remove(from);
                    members = byName.values().toArray(SocketAddress[]::new);
                    notice = name + " left the room";
                    reply = "EXIT";
                }
            } else if (line.equals("/ping")) {
                reply = "PONG";
            }
            if (notice != null) {
                out.clear();
                out.put(notice.getBytes(UTF_8)).flip();
                for (SocketAddress member : members) {
                    if (!member.equals(from)) {
                        out.rewind();
                        channel.send(out, member);
                    }
                }
            }
            if (reply != null) {
                channel.send(ByteBuffer.wrap(reply.getBytes(UTF_8)), from);
            }
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static int freeUdpPort() throws IOException {
        try (DatagramChannel probe = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }

    static void awaitPong(int port) throws Exception {
        long deadline = System.nanoTime() + 90_000_000_000L;
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(new InetSocketAddress(LOOPBACK, port));
            channel.socket().setSoTimeout(500);
            byte[] bytes = new byte[64];
            while (System.nanoTime() < deadline) {
                try {
                    channel.write(ByteBuffer.wrap("/ping".getBytes(UTF_8)));
                    DatagramPacket packet = new DatagramPacket(bytes, bytes.length);
                    channel.socket().receive(packet);
                    if (new String(bytes, 0, packet.getLength(), UTF_8).equals("PONG")) {
                        return;
                    }
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
        }
        throw new IllegalStateException("nothing answered /ping on udp port " + port);
    }
}
