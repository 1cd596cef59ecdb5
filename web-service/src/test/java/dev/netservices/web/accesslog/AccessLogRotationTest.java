package dev.netservices.web.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.reactor.WebServer;
import dev.netservices.web.support.BareWebServer;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.RawClient;

/**
 * {@code web.access-log.max-file-size} and {@code web.access-log.max-history} as docs/operations.md gives
 * them: the file rolls over when it reaches the size, into gzip archives named by day and index, with every
 * line whole and in exactly one file; at a rollover, archives older than max-history days are deleted.
 */
class AccessLogRotationTest {

    private static final int MAX_FILE_BYTES = 1024;
    private static final int MAX_HISTORY_DAYS = 7;
    private static final Pattern LINE = Pattern.compile(
            "127\\.0\\.0\\.1 - - \\[[^]]+] \"GET /style\\.css\\?n=(\\d+) HTTP/1\\.1\" 200 22 \"-\" \"rotation/1\\.0\"");
    private static final Pattern ARCHIVE = Pattern.compile("access\\.log\\.(\\d{4}-\\d{2}-\\d{2})\\.(\\d+)\\.gz");

    @Test
    void theFileRollsOverAtItsSizeWithEveryLineWholeInExactlyOneFileAndOldDaysAreDeleted(
            @TempDir Path root, @TempDir Path logs) throws Exception {
        DemoFiles.create(root);
        Path file = logs.resolve("access.log");
        // Logback names archives by the day in the JVM's time zone.
        LocalDate today = LocalDate.now();
        Path keptDay = seedArchive(logs, today.minusDays(MAX_HISTORY_DAYS));
        Path expiredDay = seedArchive(logs, today.minusDays(MAX_HISTORY_DAYS + 1));
        Path longExpired = seedArchive(logs, today.minusDays(30));

        int served = 0;
        try (AccessLogFile attached = AccessLogFile.attach(file, MAX_FILE_BYTES, MAX_HISTORY_DAYS);
                AccessLog log = new AccessLog(new CombinedLogFormat(ZoneOffset.UTC), AccessLog.toLogger())) {
            WebServer server = BareWebServer.bind(root, log, ServiceClock.SYSTEM);
            try (RawClient client = new RawClient(server.port())) {
                // At least 30 lines of about 90 bytes: two rollovers at 1 KiB or more. Then on until a third
                // archive is there, however the writer thread is scheduled (bounded by Awaitility's limit).
                while (served < 30) {
                    request(client, served++);
                }
                int[] sent = {served};
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    request(client, sent[0]++);
                    return todaysArchives(logs, keptDay, expiredDay, longExpired).size() >= 3;
                });
                served = sent[0];
            } finally {
                server.close();
            }
            int expected = served;
            // Archives may be mid-compression here (a partial gzip): read again until the count settles.
            await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> log.dropped() == 0 && linesIn(file, logs).size() == expected);
            assertThat(log.dropped()).isZero();
        }
        // Closed: every archive is compressed and every clean-up done before close() returns.
        try (Stream<Path> left = Files.list(logs)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no archive left half-made").noneMatch(n -> n.endsWith(".tmp"));
        }

        List<Path> archives = todaysArchives(logs, keptDay, expiredDay, longExpired);
        assertThat(archives).hasSizeGreaterThanOrEqualTo(3);
        List<Integer> numbers = new ArrayList<>();
        for (Path archive : archives) {
            String text = gunzip(archive);
            assertThat(text).as("%s ends with a whole line", archive.getFileName()).endsWith("\n");
            assertThat(text.getBytes(StandardCharsets.UTF_8).length).as("%s rolled over at the size, not before", archive.getFileName())
                    .isGreaterThanOrEqualTo(MAX_FILE_BYTES);
            numbers.addAll(numbersOf(text));
        }
        String active = Files.readString(file);
        assertThat(active).satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).endsWith("\n"));
        numbers.addAll(numbersOf(active));
        assertThat(numbers).as("each request's line once, across the archives and the current file")
                .hasSize(served).doesNotHaveDuplicates();
        assertThat(numbers.stream().sorted().toList()).isEqualTo(Stream.iterate(0, n -> n + 1).limit(served).toList());

        assertThat(keptDay).as("an archive %d days old is kept", MAX_HISTORY_DAYS).exists();
        assertThat(expiredDay).as("an archive %d days old is deleted at a rollover", MAX_HISTORY_DAYS + 1).doesNotExist();
        assertThat(longExpired).doesNotExist();
    }

    private static void request(RawClient client, int n) throws IOException {
        RawClient.RawResponse response = client.send("GET /style.css?n=" + n
                + " HTTP/1.1\r\nHost: x\r\nUser-Agent: rotation/1.0\r\n\r\n").read();
        assertThat(response.status()).isEqualTo(200);
    }

    /** Every line of the archives and the current file, each checked to be a whole line of this test. */
    private static List<String> linesIn(Path file, Path logs) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> all = Files.list(logs)) {
            for (Path each : all.sorted().toList()) {
                String name = each.getFileName().toString();
                if (name.equals("access.log")) {
                    lines.addAll(Files.readAllLines(each));
                } else if (ARCHIVE.matcher(name).matches() && !isSeeded(each)) {
                    lines.addAll(gunzip(each).lines().toList());
                } else if (name.startsWith("access.log.") && !name.endsWith(".gz")) {
                    lines.addAll(Files.readAllLines(each)); // renamed, not yet compressed
                }
            }
        }
        return lines;
    }

    private static List<Integer> numbersOf(String text) {
        List<Integer> numbers = new ArrayList<>();
        for (String line : text.lines().toList()) {
            Matcher matcher = LINE.matcher(line);
            assertThat(matcher.matches()).as("a whole access log line: %s", line).isTrue();
            numbers.add(Integer.parseInt(matcher.group(1)));
        }
        return numbers;
    }

    private static List<Path> todaysArchives(Path logs, Path... seeded) throws IOException {
        try (Stream<Path> all = Files.list(logs)) {
            return all.filter(p -> ARCHIVE.matcher(p.getFileName().toString()).matches())
                    .filter(p -> !List.of(seeded).contains(p)).sorted().toList();
        }
    }

    private static boolean isSeeded(Path archive) throws IOException {
        return gunzip(archive).startsWith("seeded");
    }

    private static Path seedArchive(Path logs, LocalDate day) throws IOException {
        Path archive = logs.resolve("access.log." + day + ".0.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
            out.write(("seeded " + day + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return archive;
    }

    private static String gunzip(Path archive) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
