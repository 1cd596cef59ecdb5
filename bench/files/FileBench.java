import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The one program that moves bytes to and from both servers in the file benchmark (run by run.sh).
 *
 * <p>It speaks the file protocol to file-service and HTTP/1.1 to nginx, but past the header the code
 * is the same: downloads read into one direct buffer and drop the bytes, uploads send the source file
 * with {@code transferTo}. So the difference measured is the servers', not the clients'.
 *
 * <pre>
 * java FileBench.java FILES_PORT FILES_ROOT NGINX_PORT NGINX_UPLOAD_DIR SOURCE_FILE [REPEATS]
 * </pre>
 * FILES_ROOT and nginx's document root must both hold {@code big.bin} (the SOURCE_FILE) and {@code small.bin} (10 MiB).
 */
public class FileBench {

    enum Peer { FILES, NGINX }

    record Scenario(String label, int streams, long bytesPerStream, boolean upload, String file) {
    }

    private static final int BODY_BUFFER = 1 << 20;

    static int filesPort;
    static int nginxPort;
    static Path filesRoot;
    static Path nginxUploads;
    static Path source;

    public static void main(String[] args) throws Exception {
        filesPort = Integer.parseInt(args[0]);
        filesRoot = Path.of(args[1]);
        nginxPort = Integer.parseInt(args[2]);
        nginxUploads = Path.of(args[3]);
        source = Path.of(args[4]);
        int repeats = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        long big = Files.size(source);
        long small = Files.size(filesRoot.resolve("small.bin"));

        List<Scenario> scenarios = List.of(
                new Scenario("download %s, 1 stream".formatted(human(big)), 1, big, false, "big.bin"),
                new Scenario("download %s, 16 parallel streams".formatted(human(big)), 16, big, false, "big.bin"),
                new Scenario("upload %s, 1 stream".formatted(human(big)), 1, big, true, null),
                new Scenario("upload %s as 16 parallel streams of %s".formatted(human(big), human(big / 16)), 16, big / 16, true, null),
                new Scenario("200 concurrent sessions, each downloading %s".formatted(human(small)), 200, small, false, "small.bin"));

        // warm-up: JIT, page cache, TCP autotuning; not measured
        run(Peer.FILES, scenarios.get(0), 0);
        run(Peer.NGINX, scenarios.get(0), 0);

        List<String> rows = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            double[] ours = new double[repeats];
            double[] theirs = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                // alternate who goes first so that warm-up and page-cache effects even out
                if (r % 2 == 0) {
                    ours[r] = run(Peer.FILES, scenario, r);
                    theirs[r] = run(Peer.NGINX, scenario, r);
                } else {
                    theirs[r] = run(Peer.NGINX, scenario, r);
                    ours[r] = run(Peer.FILES, scenario, r);
                }
                System.err.printf(Locale.ROOT, "  %-55s run %d: file-service %8.0f MB/s   nginx %8.0f MB/s%n", scenario.label(), r + 1, ours[r], theirs[r]);
            }
            double a = median(ours);
            double b = median(theirs);
            rows.add("| %s | %.0f | %.0f | %.2f |".formatted(scenario.label(), a, b, a / b));
        }
        System.out.println("Median of " + repeats + " runs, " + LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, loopback, MB/s = 10^6 bytes/s summed over all streams.");
        System.out.println();
        System.out.println("| scenario | file-service MB/s | nginx (sendfile on) MB/s | ratio |");
        System.out.println("|---|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    /** Runs every stream of the scenario at once and answers the aggregate rate in MB/s. */
    static double run(Peer peer, Scenario scenario, int repeat) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(scenario.streams());
        CountDownLatch ready = new CountDownLatch(scenario.streams());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> results = new ArrayList<>();
        for (int i = 0; i < scenario.streams(); i++) {
            int stream = i;
            Callable<Long> task = () -> {
                String name = "up-%d-%d.bin".formatted(repeat, stream);
                try (SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", peer == Peer.FILES ? filesPort : nginxPort))) {
                    ByteBuffer header = ByteBuffer.allocate(64 * 1024);
                    if (peer == Peer.FILES) {
                        readUntil(channel, header, "\r\n"); // greeting
                        header.clear();
                    }
                    ready.countDown();
                    go.await();
                    return scenario.upload()
                            ? upload(peer, channel, header, name, stream * scenario.bytesPerStream(), scenario.bytesPerStream())
                            : download(peer, channel, header, scenario.file(), scenario.bytesPerStream());
                }
            };
            results.add(pool.submit(task));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        long total = 0;
        for (Future<Long> result : results) {
            total += result.get();
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        if (scenario.upload()) {
            cleanUploads();
        }
        long expected = scenario.streams() * scenario.bytesPerStream();
        if (total != expected) {
            throw new IllegalStateException("%s %s moved %d bytes, expected %d".formatted(peer, scenario.label(), total, expected));
        }
        return total / (elapsed / 1e9) / 1e6;
    }

    static long download(Peer peer, SocketChannel channel, ByteBuffer header, String name, long expected) throws IOException {
        String request = peer == Peer.FILES ? "GET " + name + "\r\n"
                : "GET /" + name + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        write(channel, request);
        long length = peer == Peer.FILES ? filesLength(readUntil(channel, header, "\r\n"))
                : httpLength(readUntil(channel, header, "\r\n\r\n"));
        if (length != expected) {
            throw new IllegalStateException("announced " + length + " bytes, expected " + expected);
        }
        long received = header.remaining(); // body bytes that came with the header
        ByteBuffer body = ByteBuffer.allocateDirect(BODY_BUFFER);
        while (received < length) {
            body.clear();
            if (length - received < body.capacity()) {
                body.limit((int) (length - received));
            }
            int n = channel.read(body);
            if (n < 0) {
                throw new IOException("closed after " + received + " of " + length + " bytes");
            }
            received += n;
        }
        return received;
    }

    static long upload(Peer peer, SocketChannel channel, ByteBuffer header, String name, long offset, long count) throws IOException {
        String request = peer == Peer.FILES ? "PUT " + name + " " + count + "\r\n"
                : "PUT /" + name + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + count + "\r\nConnection: close\r\n\r\n";
        write(channel, request);
        try (FileChannel file = FileChannel.open(source, StandardOpenOption.READ)) {
            long sent = 0;
            while (sent < count) {
                sent += file.transferTo(offset + sent, count - sent, channel);
            }
        }
        if (peer == Peer.FILES) {
            String reply = readUntil(channel, header, "\r\n");
            if (!reply.startsWith("OK " + count + " ")) {
                throw new IOException("file-service answered " + reply);
            }
        } else {
            String reply = readUntil(channel, header, "\r\n\r\n");
            if (!reply.startsWith("HTTP/1.1 201") && !reply.startsWith("HTTP/1.1 204")) {
                throw new IOException("nginx answered " + reply.lines().findFirst().orElse(""));
            }
        }
        return count;
    }

    /** Reads until {@code end}; answers the text before it and leaves what follows in {@code buffer} (flipped). */
    static String readUntil(SocketChannel channel, ByteBuffer buffer, String end) throws IOException {
        byte[] marker = end.getBytes(StandardCharsets.US_ASCII);
        while (true) {
            int at = indexOf(buffer, marker);
            if (at >= 0) {
                String text = new String(buffer.array(), 0, at, StandardCharsets.UTF_8);
                int after = at + marker.length;
                ByteBuffer rest = ByteBuffer.wrap(Arrays.copyOfRange(buffer.array(), after, buffer.position()));
                buffer.clear();
                buffer.put(rest);
                buffer.flip();
                return text;
            }
            if (channel.read(buffer) < 0) {
                throw new IOException("closed before " + end.replace("\r\n", "CRLF"));
            }
        }
    }

    private static int indexOf(ByteBuffer buffer, byte[] marker) {
        byte[] a = buffer.array();
        for (int i = 0; i + marker.length <= buffer.position(); i++) {
            if (Arrays.equals(a, i, i + marker.length, marker, 0, marker.length)) {
                return i;
            }
        }
        return -1;
    }

    static long filesLength(String line) {
        if (!line.startsWith("OK ")) {
            throw new IllegalStateException("file-service answered " + line);
        }
        return Long.parseLong(line.split(" ")[1]);
    }

    static long httpLength(String head) {
        if (!head.startsWith("HTTP/1.1 200")) {
            throw new IllegalStateException("nginx answered " + head.lines().findFirst().orElse(""));
        }
        return head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .mapToLong(l -> Long.parseLong(l.substring(15).strip())).findFirst().orElseThrow();
    }

    static void write(SocketChannel channel, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    static void cleanUploads() throws IOException {
        for (Path folder : List.of(filesRoot, nginxUploads)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(p -> p.getFileName().toString().startsWith("up-")).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    static String human(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        return (bytes >> 20) + " MiB";
    }
}
