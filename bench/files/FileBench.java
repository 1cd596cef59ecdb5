import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The one program that moves bytes to and from both servers in the file benchmark (run by run.sh).
 *
 * <p>It speaks the file protocol to file-service and the bare receiver and HTTP/1.1 to nginx, but past
 * the header the code is the same for both sides of a comparison: plain downloads read into one direct
 * buffer and drop the bytes, uploads send the source file with {@code transferTo}, TLS downloads read
 * the decrypted stream into one array. So the difference measured is the servers', not the clients'.
 *
 * <pre>
 * java FileBench.java files=PORT nginx=PORT bare=PORT files-tls=PORT nginx-tls=PORT cacert=CA.pem
 *                     root=LIBRARY bare-root=FOLDER source=LIBRARY/big.bin repeats=3
 * </pre>
 * Downloads compare file-service with nginx (sendfile on), uploads (fsync on) with the bare receiver
 * (BareReceiver.java: stores, hashes and forces, nothing else), TLS downloads file-service's TLS port with
 * nginx HTTPS on the same certificate. A peer whose port is not given is skipped. The library must hold
 * {@code big.bin} (the source) and {@code small.bin}.
 */
public class FileBench {

    enum Peer {
        FILES(false, false), NGINX(true, false), BARE(false, false), FILES_TLS(false, true), NGINX_TLS(true, true);

        final boolean http;
        final boolean tls;

        Peer(boolean http, boolean tls) {
            this.http = http;
            this.tls = tls;
        }

        String title() {
            return switch (this) {
                case FILES -> "file-service";
                case NGINX -> "nginx (sendfile on)";
                case BARE -> "bare receiver (store, hash, fsync)";
                case FILES_TLS -> "file-service TLS";
                case NGINX_TLS -> "nginx HTTPS";
            };
        }
    }

    record Scenario(String label, int streams, long bytesPerStream, boolean upload, String file, Peer ours, Peer peer) {
    }

    private static final int BODY_BUFFER = 1 << 20;

    static final java.util.Map<Peer, Integer> ports = new java.util.EnumMap<>(Peer.class);
    static Path filesRoot;
    static Path bareRoot;
    static Path source;
    static SSLContext tls;

    public static void main(String[] args) throws Exception {
        java.util.Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are key=value, was " + arg);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        for (Peer peer : Peer.values()) {
            String port = options.get(peer.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (port != null) {
                ports.put(peer, Integer.parseInt(port));
            }
        }
        filesRoot = Path.of(options.get("root"));
        bareRoot = Path.of(options.getOrDefault("bare-root", options.get("root")));
        source = Path.of(options.getOrDefault("source", filesRoot.resolve("big.bin").toString()));
        int repeats = Integer.parseInt(options.getOrDefault("repeats", "3"));
        if (options.containsKey("cacert")) {
            tls = trusting(Path.of(options.get("cacert")));
        }
        long big = Files.size(source);
        long small = Files.size(filesRoot.resolve("small.bin"));

        List<Scenario> all = List.of(
                new Scenario("download %s, 1 stream".formatted(human(big)), 1, big, false, "big.bin", Peer.FILES, Peer.NGINX),
                new Scenario("download %s, 16 parallel streams".formatted(human(big)), 16, big, false, "big.bin", Peer.FILES, Peer.NGINX),
                new Scenario("200 concurrent sessions, each downloading %s".formatted(human(small)), 200, small, false, "small.bin",
                        Peer.FILES, Peer.NGINX),
                new Scenario("upload %s, 1 stream, fsync".formatted(human(big)), 1, big, true, null, Peer.FILES, Peer.BARE),
                new Scenario("upload %s as 16 parallel streams of %s, fsync".formatted(human(big), human(big / 16)), 16, big / 16, true, null,
                        Peer.FILES, Peer.BARE),
                new Scenario("TLS download %s, 1 stream".formatted(human(big)), 1, big, false, "big.bin", Peer.FILES_TLS, Peer.NGINX_TLS),
                new Scenario("TLS download %s, 16 parallel streams".formatted(human(big)), 16, big, false, "big.bin", Peer.FILES_TLS,
                        Peer.NGINX_TLS));
        // only=TLS,upload keeps the scenarios whose label holds one of the words (to look at some of them closely)
        List<String> only = options.containsKey("only") ? List.of(options.get("only").split(",")) : List.of("");
        List<Scenario> scenarios = all.stream().filter(s -> ports.containsKey(s.ours()) && ports.containsKey(s.peer()))
                .filter(s -> only.stream().anyMatch(s.label()::contains)).toList();

        // Warm-up, not measured: page cache, TCP autotuning, and above all the JIT. One pass over a 256 MiB file is
        // half a second, in which file-service's TLS path was still being compiled (its first run came out at half the
        // rate of the next); so each server runs each single-stream scenario (downloads and uploads) for warmup= seconds (default 10).
        long warmupNanos = Long.parseLong(options.getOrDefault("warmup", "10")) * 1_000_000_000L;
        for (Scenario scenario : scenarios) {
            if (scenario.streams() == 1) {
                for (Peer server : List.of(scenario.ours(), scenario.peer())) {
                    long start = System.nanoTime();
                    do {
                        run(server, scenario, 0);
                    } while (System.nanoTime() - start < warmupNanos);
                }
            }
        }

        List<String> rows = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            double[] ours = new double[repeats];
            double[] theirs = new double[repeats];
            double[] ratios = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                // alternate who goes first so that warm-up and page-cache effects even out
                if (r % 2 == 0) {
                    ours[r] = run(scenario.ours(), scenario, r);
                    theirs[r] = run(scenario.peer(), scenario, r);
                } else {
                    theirs[r] = run(scenario.peer(), scenario, r);
                    ours[r] = run(scenario.ours(), scenario, r);
                }
                ratios[r] = ours[r] / theirs[r];
                System.err.printf(Locale.ROOT, "  %-55s run %d: %s %8.0f MB/s   %s %8.0f MB/s%n", scenario.label(), r + 1,
                        scenario.ours().title(), ours[r], scenario.peer().title(), theirs[r]);
            }
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            rows.add("| %s | %s | %.0f (%.0f–%.0f) | %.0f (%.0f–%.0f) | %.2f (%.2f–%.2f) |".formatted(scenario.label(), scenario.peer().title(),
                    median(ours), min(ours), max(ours), median(theirs), min(theirs), max(theirs), median(ratios), sorted[0],
                    sorted[sorted.length - 1]));
        }
        System.out.println("Median (min–max) of " + repeats + " alternating rounds, " + LocalDate.now() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores seen by the load generator, loopback, "
                + "MB/s = 10^6 bytes/s summed over all streams; ratio = file-service / peer, per round.");
        System.out.println();
        System.out.println("| scenario | peer | file-service MB/s | peer MB/s | ratio |");
        System.out.println("|---|---|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    static SSLContext trusting(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
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
                if (peer.tls) {
                    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", ports.get(peer))) {
                        socket.startHandshake();
                        InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                        if (!peer.http) {
                            readLine(in, "\r\n"); // greeting
                        }
                        ready.countDown();
                        go.await();
                        return downloadTls(peer, in, socket.getOutputStream(), scenario.file(), scenario.bytesPerStream());
                    }
                }
                try (SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", ports.get(peer)))) {
                    ByteBuffer header = ByteBuffer.allocate(64 * 1024);
                    if (!peer.http) {
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
        String request = !peer.http ? "GET " + name + "\r\n"
                : "GET /" + name + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        write(channel, request);
        long length = !peer.http ? filesLength(readUntil(channel, header, "\r\n"))
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
        String request = !peer.http ? "PUT " + name + " " + count + "\r\n"
                : "PUT /" + name + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + count + "\r\nConnection: close\r\n\r\n";
        write(channel, request);
        try (FileChannel file = FileChannel.open(source, StandardOpenOption.READ)) {
            long sent = 0;
            while (sent < count) {
                sent += file.transferTo(offset + sent, count - sent, channel);
            }
        }
        if (!peer.http) {
            String reply = readUntil(channel, header, "\r\n");
            if (!reply.startsWith("OK " + count + " ")) {
                throw new IOException(peer.title() + " answered " + reply);
            }
        } else {
            String reply = readUntil(channel, header, "\r\n\r\n");
            if (!reply.startsWith("HTTP/1.1 201") && !reply.startsWith("HTTP/1.1 204")) {
                throw new IOException("nginx answered " + reply.lines().findFirst().orElse(""));
            }
        }
        return count;
    }

    /** A TLS download: the same request, the decrypted body read into one array and dropped. */
    static long downloadTls(Peer peer, InputStream in, OutputStream out, String name, long expected) throws IOException {
        out.write((!peer.http ? "GET " + name + "\r\n"
                : "GET /" + name + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        long length = !peer.http ? filesLength(readLine(in, "\r\n")) : httpLength(readLine(in, "\r\n\r\n"));
        if (length != expected) {
            throw new IllegalStateException("announced " + length + " bytes, expected " + expected);
        }
        byte[] body = new byte[BODY_BUFFER];
        long received = 0;
        while (received < length) {
            int n = in.read(body, 0, (int) Math.min(body.length, length - received));
            if (n < 0) {
                throw new IOException("closed after " + received + " of " + length + " bytes");
            }
            received += n;
        }
        return received;
    }

    /** Reads a stream up to and without {@code end}. */
    static String readLine(InputStream in, String end) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        byte[] marker = end.getBytes(StandardCharsets.US_ASCII);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before " + end.replace("\r\n", "CRLF"));
            }
            text.write(b);
            byte[] bytes = text.toByteArray();
            if (bytes.length >= marker.length && Arrays.equals(bytes, bytes.length - marker.length, bytes.length, marker, 0, marker.length)) {
                return new String(bytes, 0, bytes.length - marker.length, StandardCharsets.UTF_8);
            }
        }
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
        for (Path folder : List.of(filesRoot, bareRoot)) {
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

    static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    static String human(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        return (bytes >> 20) + " MiB";
    }
}
