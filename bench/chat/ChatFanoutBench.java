import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop fan-out benchmark of the chat room, not a timed test.
 *
 * <p>Fifty members join; one of them sends {@code C <name> <seq>} lines, keeping at most W lines whose fan-out
 * is incomplete in flight; the other 49 receive {@code <name> : <seq>}. Measured: delivered datagrams per second,
 * loss (deliveries missing 1 s after the send), and fan-out latency from send to the last delivery (p50, p99).
 * The same load runs against two setups in the same run, each round in alternating order:
 * <ul>
 *   <li>{@code --compare bare} (the default): chat-service against a bare single-thread {@link DatagramChannel}
 *       loop speaking the same protocol ({@link #peer}), each in its own JVM;</li>
 *   <li>{@code --compare cluster} (issue 11): the room split over two chat-service nodes on Redis (members join
 *       alternately on node A and node B; the sender is on A, so half the recipients are reached through the
 *       relay) against the same 50 members on one node. Needs {@code redis-server}.</li>
 *   <li>{@code --compare rooms} (issue 22): one node; {@code --rooms} (10) rooms of 50 members, the first member of
 *       each sending in turn, W lines in flight in total, against one room of 50 with the same W: what rooms cost.</li>
 *   <li>{@code --compare private} (issue 22): private messages, one sender {@code /msg}-ing each other member in
 *       turn (one delivery each), chat-service against the bare loop (which forwards {@code /msg} too).</li>
 * </ul>
 * {@code --history N} starts every chat-service with {@code chat.history.lines=N} (unset: the service's default).
 *
 * <pre>
 *   ./mvnw -q -pl chat-service -am package -DskipTests   # builds chat-service/target/chat-service-0.1.0-SNAPSHOT.jar
 *   taskset -c 0 java bench/chat/ChatFanoutBench.java [--compare bare|cluster|rooms|private] [--seconds 10] [--warmup 3]
 *        [--rounds 3] [--members 50] [--windows 1,16] [--jit-warmup 20 (cluster: 60)] [--jar PATH] [--server-cpu 1|none]
 *        [--redis /usr/bin/redis-server] [--rooms 10] [--history N]
 * </pre>
 * Pinned method: every server (the peer or the single node, the service, Redis and both nodes) runs on one core
 * ({@code --server-cpu}, default 1, through taskset; a service then sees one CPU and runs one receiver), and this
 * load generator is started on the other ({@code taskset -c 0}). Run from the repository root. Prints each run,
 * then a Markdown table: the median of each figure over the rounds, the spread (min..max) of the delivered rate,
 * and the median of each round's ratio to the first setup.
 */
public class ChatFanoutBench {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final long LOSS_AFTER_NANOS = 1_000_000_000L;

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("peer")) {
            peer(Integer.parseInt(args[1]));
            return;
        }
        Map<String, String> options = new HashMap<>();
        String[][] defaults = {{"--compare", "bare"}, {"--seconds", "10"}, {"--warmup", "3"}, {"--members", "50"},
            {"--rounds", "3"}, {"--windows", "1,16"}, {"--server-cpu", "1"},
            {"--jar", "chat-service/target/chat-service-0.1.0-SNAPSHOT.jar"}, {"--redis", "/usr/bin/redis-server"},
            {"--source", "bench/chat/ChatFanoutBench.java"}};
        for (String[] option : defaults) {
            options.put(option[0], option[1]);
        }
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        String compare = options.get("--compare");
        if (!List.of("bare", "cluster", "rooms", "private").contains(compare)) {
            throw new IllegalArgumentException("--compare bare, cluster, rooms or private, not " + compare);
        }
        boolean cluster = compare.equals("cluster");
        int seconds = Integer.parseInt(options.get("--seconds"));
        int warmup = Integer.parseInt(options.get("--warmup"));
        int members = Integer.parseInt(options.get("--members"));
        int rounds = Integer.parseInt(options.get("--rounds"));
        // three JVMs on the one server core (cluster) compile for about a minute, one (bare) for well under half
        int jitWarmup = Integer.parseInt(options.getOrDefault("--jit-warmup", cluster ? "60" : "20"));
        int[] windows = Arrays.stream(options.get("--windows").split(",")).mapToInt(Integer::parseInt).toArray();
        Path jar = Path.of(options.get("--jar"));
        Path source = Path.of(options.get("--source"));
        Path redis = Path.of(options.get("--redis"));
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(source) || (cluster && !Files.isExecutable(redis))) {
            System.err.println("run from the repository root after building chat-service" + (cluster ? ", with redis-server installed" : "")
                    + " (missing " + jar + ", " + source + (cluster ? " or " + redis : "") + ")");
            System.exit(2);
        }
        List<String> pin = options.get("--server-cpu").equals("none") ? List.of() : List.of("taskset", "-c", options.get("--server-cpu"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The setups compared, the first being the one the ratios are taken against: name -> the ports members join.
        Map<String, Setup> setups = new LinkedHashMap<>();
        int roomCount = Integer.parseInt(options.getOrDefault("--rooms", "10"));
        List<String> historyOption = options.containsKey("--history") ? List.of("--chat.history.lines=" + options.get("--history")) : List.of();
        List<Process> processes = SERVERS;
        try {
            if (cluster) {
                int redisPort = freeTcpPort();
                int single = freeUdpPort();
                int nodeA = freeUdpPort();
                int nodeB = freeUdpPort();
                processes.add(start(pin, List.of(redis.toString(), "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no")));
                // One after the other: three JVMs starting at once on one core take minutes.
                processes.add(start(pin, node(javaBin, jar, single, members, historyOption)));
                awaitPong(single);
                for (int[] node : new int[][] {{nodeA, 'a'}, {nodeB, 'b'}}) {
                    List<String> clusterOptions = new ArrayList<>(historyOption);
                    clusterOptions.addAll(List.of("--chat.cluster.enabled=true",
                            "--chat.cluster.node-name=bench-" + (char) node[1], "--spring.data.redis.host=127.0.0.1",
                            "--spring.data.redis.port=" + redisPort,
                            // A cluster node needs the nodes' shared secret (relay messages are sealed with it).
                            "--chat.cluster.secret=bench-cluster-secret-0123456789abcdef"));
                    processes.add(start(pin, node(javaBin, jar, node[0], members, clusterOptions)));
                    awaitPong(node[0]);
                }
                setups.put("one node", new Setup(new int[] {single}, Shape.room(members)));
                setups.put("two nodes + Redis", new Setup(new int[] {nodeA, nodeB}, Shape.room(members)));
            } else if (compare.equals("rooms")) {
                // One node; the same W lines in flight in total: in one room of N, or spread over 10 rooms of N.
                int servicePort = freeUdpPort();
                processes.add(start(pin, node(javaBin, jar, servicePort, members * roomCount, historyOption)));
                awaitPong(servicePort);
                setups.put("one room of " + members, new Setup(new int[] {servicePort}, Shape.room(members)));
                setups.put(roomCount + " rooms of " + members, new Setup(new int[] {servicePort}, new Shape(roomCount, members, false)));
            } else {
                int peerPort = freeUdpPort();
                int servicePort = freeUdpPort();
                processes.add(start(pin, List.of(javaBin, source.toString(), "peer", Integer.toString(peerPort))));
                processes.add(start(pin, node(javaBin, jar, servicePort, members, historyOption)));
                awaitPong(peerPort);
                awaitPong(servicePort);
                Shape shape = compare.equals("private") ? new Shape(1, members, true) : Shape.room(members);
                setups.put("bare DatagramChannel loop (peer)", new Setup(new int[] {peerPort}, shape));
                setups.put("chat-service", new Setup(new int[] {servicePort}, shape));
            }
            List<String> names = List.copyOf(setups.keySet());

            // A service's JVM compiles its hot paths in the first seconds of load (three JVMs sharing the one server
            // core in the cluster setup, for about a minute): a run in that time measures the compiler. So each
            // setup first runs unmeasured at full load.
            int run = 0;
            for (String name : names) {
                Result result = new Load(setups.get(name), 16, "w" + (run++) + "m").run(0, jitWarmup);
                System.err.printf(Locale.ROOT, "warm-up  %-32s W=16 %s (not counted)%n", name, result);
            }
            Map<String, List<Result>> results = new HashMap<>();
            for (int round = 0; round < rounds; round++) {
                for (int window : windows) {
                    List<String> order = round % 2 == 0 ? names : names.reversed();
                    for (String name : order) {
                        Result result = new Load(setups.get(name), window, "r" + (run++) + "m").run(warmup, seconds);
                        System.err.printf(Locale.ROOT, "round %d  %-32s W=%-2d %s%n", round + 1, name, window, result);
                        results.computeIfAbsent(name + "/" + window, k -> new ArrayList<>()).add(result);
                    }
                }
            }
            String shapeWords = switch (compare) {
                case "rooms" -> String.format(Locale.ROOT, "rooms of %d members (one sender per room, %d recipients; W lines in flight in total)",
                        members, members - 1);
                case "private" -> String.format(Locale.ROOT, "%d members, private messages (1 sender, each /msg to the next member in turn)",
                        members);
                default -> String.format(Locale.ROOT, "%d members (1 sender, %d recipients)", members, members - 1);
            };
            System.out.printf(Locale.ROOT, "%nChat fan-out, %s: %s against %s, %d s per run,"
                    + " median of %d rounds in alternating order (ratios: median of each round's pair), servers on cpu %s, %s,"
                    + " the load sees %d cpu(s)%n%n", shapeWords, names.get(1), names.get(0), seconds, rounds,
                    options.get("--server-cpu"), LocalDate.now(), Runtime.getRuntime().availableProcessors());
            System.out.println("| W | setup | delivered datagrams/s | spread | loss | fan-out p50 | fan-out p99 | rate ratio | p99 ratio"
                    + " | server CPU per delivery | server wake-ups per line |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            for (int window : windows) {
                List<Result> base = results.get(names.get(0) + "/" + window);
                List<Result> other = results.get(names.get(1) + "/" + window);
                double[] rate = new double[base.size()];
                double[] p99 = new double[base.size()];
                for (int i = 0; i < base.size(); i++) {
                    rate[i] = other.get(i).deliveredPerSecond() / base.get(i).deliveredPerSecond();
                    p99[i] = (double) other.get(i).p99Nanos() / base.get(i).p99Nanos();
                }
                System.out.println(Result.median(base).row(window, names.get(0), spread(base), 1, 1));
                System.out.println(Result.median(other).row(window, names.get(1), spread(other), median(rate), median(p99)));
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

    private static List<String> node(String javaBin, Path jar, int port, int members, List<String> extra) {
        List<String> command = new ArrayList<>(List.of(javaBin, "-jar", jar.toString(), "--server.port=0",
                "--chat.port=" + port, "--chat.max-members=" + (members + 10),
                // The bench measures fan-out, not flood control: one sender sends tens of thousands of lines a second,
                // and all the members join from 127.0.0.1 (the per-address budget for non-members too).
                "--chat.flood.burst=100000", "--chat.flood.refill=1ns",
                "--chat.flood.stranger-burst=100000", "--chat.flood.stranger-refill=1ns",
                "--chat.admin.password=bench", "--logging.level.root=WARN"));
        command.addAll(extra);
        return command;
    }

    private static Process start(List<String> pin, List<String> command) throws IOException {
        List<String> pinned = new ArrayList<>(pin);
        pinned.addAll(command);
        return new ProcessBuilder(pinned).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String spread(List<Result> rounds) {
        double[] rates = rounds.stream().mapToDouble(Result::deliveredPerSecond).sorted().toArray();
        return String.format(Locale.ROOT, "%,.0f..%,.0f", rates[0], rates[rates.length - 1]);
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            return probe.getLocalPort();
        }
    }

    /**
     * @param cpuMicros what the servers of the setup spent of the server core per delivered datagram (their processes'
     *                  user and system time over the measured run): a cost that, unlike the rate, the scheduler's and
     *                  the host's timing do not move much
     * @param wakeUpsPerLine how many times the setup's server threads went to sleep and were woken again per line sent
     *                  (voluntary context switches of every thread of their processes, from /proc): the hand-overs
     *                  between threads and processes a line costs, which on one shared core is most of the cluster's
     *                  cost, counted rather than timed, so that load from other work on the machine moves it little
     */
    record Result(double deliveredPerSecond, long expected, long lost, long p50Nanos, long p99Nanos, double cpuMicros,
            double wakeUpsPerLine) {

        String row(int window, String server, String spread, double rateRatio, double p99Ratio) {
            return String.format(Locale.ROOT, "| %d | %s | %,.0f | %s | %s | %s | %s | %.2fx | %.2fx | %.1f µs | %.2f |", window,
                    server, deliveredPerSecond, spread, loss(), micros(p50Nanos), micros(p99Nanos), rateRatio, p99Ratio, cpuMicros,
                    wakeUpsPerLine);
        }

        /** Median of each figure on its own; loss is summed over the rounds. */
        static Result median(List<Result> rounds) {
            return new Result(
                    ChatFanoutBench.median(rounds.stream().mapToDouble(Result::deliveredPerSecond).toArray()),
                    rounds.stream().mapToLong(Result::expected).sum(),
                    rounds.stream().mapToLong(Result::lost).sum(),
                    (long) ChatFanoutBench.median(rounds.stream().mapToDouble(Result::p50Nanos).toArray()),
                    (long) ChatFanoutBench.median(rounds.stream().mapToDouble(Result::p99Nanos).toArray()),
                    ChatFanoutBench.median(rounds.stream().mapToDouble(Result::cpuMicros).toArray()),
                    ChatFanoutBench.median(rounds.stream().mapToDouble(Result::wakeUpsPerLine).toArray()));
        }

        String loss() {
            return lost == 0 ? "0" : String.format(Locale.ROOT, "%.3f%% (%d)", 100.0 * lost / expected, lost);
        }

        static String micros(long nanos) {
            return String.format(Locale.ROOT, "%.0f µs", nanos / 1000.0);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,12.0f delivered/s  loss %s  p50 %s  p99 %s  server CPU %.1f µs/delivery"
                    + "  %.2f wake-ups/line", deliveredPerSecond, loss(), micros(p50Nanos), micros(p99Nanos), cpuMicros, wakeUpsPerLine);
        }
    }

    /**
     * What the members do: {@code rooms} rooms of {@code perRoom} members (the first in the lobby, the others in
     * {@code #r1}, {@code #r2}, ...), the first member of each room sending in turn; or, {@code privately}, one sender
     * sending {@code /msg} to each other member in turn.
     */
    record Shape(int rooms, int perRoom, boolean privately) {
        static Shape room(int members) {
            return new Shape(1, members, false);
        }

        int members() {
            return rooms * perRoom;
        }

        int recipients() {
            return privately ? 1 : perRoom - 1;
        }
    }

    /** One side of a comparison: the ports its members join (member i: ports[i % n]) and what they do. */
    record Setup(int[] ports, Shape shape) {
    }

    /** The load: members on non-blocking channels under one selector, driven by one thread. */
    static final class Load {
        private final int[] ports;
        private final Shape shape;
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

        /** Member {@code i} joins the node at {@code ports[i % ports.length]}; see {@link Shape} for who sends. */
        Load(Setup setup, int window, String prefix) throws IOException {
            this.ports = setup.ports();
            this.shape = setup.shape();
            this.members = shape.members();
            this.window = window;
            this.prefix = prefix;
            this.channels = new DatagramChannel[members];
            this.selector = Selector.open();
        }

        Result run(int warmupSeconds, int seconds) throws IOException {
            for (int i = 0; i < members; i++) {
                InetSocketAddress server = new InetSocketAddress(LOOPBACK, ports[i % ports.length]);
                DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
                channel.connect(server);
                channel.configureBlocking(true);
                channel.socket().setSoTimeout(5000);
                send(channel, "L " + prefix + i);
                String reply = joinReply(channel);
                int room = i / shape.perRoom();
                if (room > 0) {
                    send(channel, "/join #r" + room);
                    while (!reply.startsWith("OK #")) {
                        reply = receive(channel); // past the lobby's history and notices, if any
                        if (reply.startsWith("FAIL") || reply.startsWith("ERROR")) {
                            throw new IllegalStateException("room join refused: " + reply);
                        }
                    }
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
            int recipients = shape.recipients();
            long[] latencies = new long[measure ? 4_000_000 : 1];
            int latencyCount = 0;
            long delivered = 0;
            long expected = 0;
            long lost = 0;
            long seq = 0;
            long cpuBefore = serverCpuTicks();
            long wakeUpsBefore = serverWakeUps();
            long start = System.nanoTime();
            long end = start + durationNanos;
            long now = start;
            while (now < end || !inFlight.isEmpty()) {
                while (now < end && inFlight.size() < window) {
                    int slot = (int) (seq & (sentAt.length - 1));
                    sentAt[slot] = System.nanoTime();
                    remaining[slot] = recipients;
                    inFlight.add(seq);
                    if (shape.privately()) {
                        send(channels[0], "/msg " + prefix + (1 + seq % (members - 1)) + " " + seq);
                    } else {
                        int sender = (int) (seq % shape.rooms()) * shape.perRoom();
                        send(channels[sender], "C " + prefix + sender + " " + seq);
                    }
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
                        long got = parseSeq(in);
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
            long cpuTicks = serverCpuTicks() - cpuBefore;
            long wakeUps = serverWakeUps() - wakeUpsBefore;
            long[] sorted = Arrays.copyOf(latencies, latencyCount);
            Arrays.sort(sorted);
            long p50 = sorted.length == 0 ? 0 : sorted[(int) (sorted.length * 0.50)];
            long p99 = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))];
            // /proc counts CPU time in 1/100 s
            double lines = (double) delivered / recipients;
            return new Result(delivered * 1e9 / elapsed, expected, lost, p50, p99, delivered == 0 ? 0 : cpuTicks * 10_000.0 / delivered,
                    delivered == 0 ? 0 : wakeUps / lines);
        }

        /** The number after {@code <sender> : } (a line, or {@code (private) <sender> : }), or -1 for anything else (a notice). */
        private static long parseSeq(ByteBuffer datagram) {
            int start = -1;
            for (int i = datagram.position(); i + 2 < datagram.limit(); i++) {
                if (datagram.get(i) == ' ' && datagram.get(i + 1) == ':' && datagram.get(i + 2) == ' ') {
                    start = i + 3;
                    break;
                }
            }
            if (start < 0 || start == datagram.limit()) {
                return -1;
            }
            long value = 0;
            for (int i = start; i < datagram.limit(); i++) {
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

        /**
         * The reply to a join: {@code OK}, read past the notices that may come first (in a cluster, the notice of an
         * earlier member's join relayed from the other node can arrive after this member is in and before its OK
         * leaves); a {@code FAIL} or {@code ERROR} is a refused join.
         */
        private String joinReply(DatagramChannel channel) throws IOException {
            while (true) {
                String reply = receive(channel);
                if (reply.equals("OK")) {
                    return reply;
                }
                if (reply.startsWith("FAIL") || reply.startsWith("ERROR")) {
                    throw new IllegalStateException("join refused: " + reply);
                }
            }
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
            } else if (line.startsWith("/msg ")) {
                int space = line.indexOf(' ', 5);
                SocketAddress to = byName.get(line.substring(5, space));
                if (to != null) {
                    channel.send(ByteBuffer.wrap(("(private) " + byAddress.get(from) + " : " + line.substring(space + 1)).getBytes(UTF_8)), to);
                } else {
                    reply = "ERROR nobody called " + line.substring(5, space) + " is in any room";
                }
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

    /** Every server process this bench started (both setups: the idle one costs nothing). */
    static final List<Process> SERVERS = new ArrayList<>();

    /** User and system time of the server processes so far, in 1/100 s (0 where /proc is not there). */
    static long serverCpuTicks() {
        long ticks = 0;
        for (Process server : SERVERS) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(server.pid()), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            } catch (IOException | RuntimeException gone) {
                // not Linux, or the process ended: counts nothing
            }
        }
        return ticks;
    }

    /** Voluntary context switches of every thread of the server processes so far (0 where /proc is not there). */
    static long serverWakeUps() {
        long switches = 0;
        for (Process server : SERVERS) {
            try (var tasks = Files.list(Path.of("/proc", Long.toString(server.pid()), "task"))) {
                for (Path task : tasks.toList()) {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            switches += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                        }
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // not Linux, or the process or a thread ended: counts what was read
            }
        }
        return switches;
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
        long deadline = System.nanoTime() + 180_000_000_000L;
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
