package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.netservices.client.Main;

/**
 * The terminal file client (in process, from the client module) against the file-service jar: scripted put, list
 * and get, a resumed download, refusals, and the interactive prompt. Moved here from file-service's own tests so
 * that the service's tests do not depend on the client module. One service for the class; each test uses names
 * of its own in the shared library, and its own download folder.
 */
class FileClientAgainstServiceTest {

    private static Path work;
    private static Path library;
    private static ServiceJar files;
    private static int filesPort;
    private static int httpPort;

    private Path local;
    private Path downloads;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startTheFileService() throws IOException {
        work = Files.createTempDirectory("netservices-file-client-");
        library = Files.createDirectories(work.resolve("library"));
        List<Integer> ports = RepositoryFiles.freeTcpPorts(2);
        filesPort = ports.get(0);
        httpPort = ports.get(1);
        files = ServiceJar.start("file-service", work, List.of("--server.port=" + httpPort, "--files.port=" + filesPort,
                "--files.root=" + library, "--files.fsync=false"));
    }

    @AfterAll
    static void stopAndDelete() throws IOException {
        if (files != null) {
            files.close();
        }
        WorkFolder.remove(work);
    }

    @BeforeEach
    void folders() throws IOException {
        local = Files.createTempDirectory(work, "local-");
        downloads = local.resolve("downloads");
    }

    @Test
    void scriptedPutListAndGetMoveTheSameBytes() throws IOException {
        byte[] content = random(3_000_000);
        Path report = Files.write(local.resolve("report.bin"), content);

        assertThat(client(null, "put", report.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("uploaded report.bin (3000000 bytes, sha256 " + sha256(content) + " verified)");
        assertThat(Files.readAllBytes(library.resolve("report.bin"))).isEqualTo(content);

        assertThat(client(null, "list")).isZero();
        assertThat(out.toString()).contains("2.9 MiB  report.bin");

        assertThat(client(null, "get", "report.bin")).as(err.toString()).isZero();
        assertThat(Files.readAllBytes(downloads.resolve("report.bin"))).isEqualTo(content);
        assertThat(err.toString()).as("progress bar").contains("get report.bin [##############################] 100%");
    }

    @Test
    void interruptedDownloadResumesFromThePartFile() throws Exception {
        byte[] content = random(2_000_000);
        Files.write(library.resolve("movie.bin"), content);
        Files.createDirectories(downloads);
        Files.write(downloads.resolve("movie.bin.part"), Arrays.copyOf(content, 700_000));
        double sentBefore = bytesSent();

        assertThat(client(null, "get", "movie.bin")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("resuming movie.bin at byte 700000").contains("verified");
        assertThat(Files.readAllBytes(downloads.resolve("movie.bin"))).isEqualTo(content);
        assertThat(downloads.resolve("movie.bin.part")).doesNotExist();
        assertThat(bytesSent() - sentBefore).as("only the missing part was sent").isEqualTo(1_300_000);
    }

    @Test
    void serverRefusalsAreShownAndExitNonZero() throws IOException {
        Files.writeString(library.resolve("taken.txt"), "already here");
        Path mine = Files.writeString(local.resolve("taken.txt"), "mine");
        assertThat(client(null, "put", mine.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("error: taken.txt already exists and overwriting is off");
        assertThat(client(null, "get", "missing.txt")).isEqualTo(1);
        assertThat(err.toString()).contains("error: no such file: missing.txt");
        assertThat(library.resolve("taken.txt")).hasContent("already here");
    }

    @Test
    void interactivePromptGuidesListGetPutAndQuit() throws IOException {
        Files.writeString(library.resolve("hello.txt"), "hello there");
        Path notes = Files.writeString(local.resolve("notes.txt"), "my notes");
        String typed = "list\nget hello.txt\nput " + notes + "\nlist\nfrobnicate\nquit\n";
        assertThat(client(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)))).isZero();
        String transcript = out.toString();
        assertThat(transcript).contains("Connected to 127.0.0.1:" + filesPort + " - OK files server ready")
                .contains("Commands:").contains("files> ")
                .contains("11 B  hello.txt")
                .contains("saved " + downloads.toRealPath().resolve("hello.txt"))
                .contains("uploaded notes.txt (8 bytes")
                .contains("8 B  notes.txt")
                .contains("unknown command 'frobnicate'; type help")
                .contains("bye");
        assertThat(downloads.resolve("hello.txt")).hasContent("hello there");
        assertThat(library.resolve("notes.txt")).hasContent("my notes");
    }

    private int client(InputStream stdin, String... command) {
        out.reset();
        err.reset();
        String[] args = {"--host", "127.0.0.1", "--port", String.valueOf(filesPort), "--dir", downloads.toString()};
        String[] all = Arrays.copyOf(args, args.length + command.length);
        System.arraycopy(command, 0, all, args.length, command.length);
        return Main.commandLine(stdin == null ? InputStream.nullInputStream() : stdin,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(Stream.concat(Stream.of("files"), Arrays.stream(all)).toArray(String[]::new));
    }

    /** {@code files_bytes_sent_bytes_total} from the service's Prometheus scrape. */
    private static double bytesSent() throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher sent = Pattern.compile("(?m)^files_bytes_sent_bytes_total\\{[^}]*} (\\S+)$").matcher(scrape);
            assertThat(sent.find()).as("files_bytes_sent_bytes_total in the scrape").isTrue();
            return Double.parseDouble(sent.group(1));
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
