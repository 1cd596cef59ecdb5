package dev.netservices.client.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.client.ClientJar;

/**
 * The file client jar as a script runs it: stdin, stdout and stderr redirected (no terminal anywhere),
 * against a server on a real socket that serves one 3 MB file.
 */
class FileJarIT {

    private static final byte[] CONTENT = new byte[3_000_000];

    static {
        new Random(9).nextBytes(CONTENT);
    }

    @TempDir
    Path work;

    private final List<String> commandsSeen = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    @BeforeEach
    void start() throws Exception {
        server = new ServerSocket(0);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CONTENT));
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket client = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream out = client.getOutputStream();
                    out.write("OK files server ready\r\n".getBytes(StandardCharsets.UTF_8));
                    String line;
                    while ((line = in.readLine()) != null) {
                        commandsSeen.add(line);
                        if (line.equals("QUIT")) {
                            out.write("OK bye\r\n".getBytes(StandardCharsets.UTF_8));
                            break;
                        } else if (line.equals("LIST")) {
                            String body = CONTENT.length + " big.bin\r\n";
                            out.write(("OK " + body.length() + "\r\n" + body).getBytes(StandardCharsets.UTF_8));
                        } else if (line.equals("STAT big.bin")) {
                            out.write(("OK " + CONTENT.length + " " + sha256 + " big.bin\r\n").getBytes(StandardCharsets.UTF_8));
                        } else if (line.equals("GET big.bin 0")) {
                            out.write(("OK " + CONTENT.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                            out.write(CONTENT);
                        } else {
                            out.write(("ERR 404 no such file: " + line.substring(line.indexOf(' ') + 1) + "\r\n").getBytes(StandardCharsets.UTF_8));
                        }
                    }
                } catch (IOException e) {
                    // next connection
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private int run(Path stdout, Path stderr, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(ClientJar.command("files", "--host", "127.0.0.1",
                "--port", String.valueOf(server.getLocalPort()), "--dir", work.resolve("downloads").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void aBatchStopsAtTheFirstFailureWithStatusOne() throws Exception {
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        assertThat(run(out, err, "-c", "list; get missing.bin; get big.bin")).isEqualTo(1);
        assertThat(commandsSeen).startsWith("LIST", "STAT missing.bin").doesNotContain("STAT big.bin");
        assertThat(Files.readString(out)).contains("big.bin");
        assertThat(Files.readString(err)).contains("error: no such file: missing.bin");
        assertThat(work.resolve("downloads/big.bin")).doesNotExist();
    }

    @Test
    void aRedirectedStderrGetsOneSummaryLineAndNoCarriageReturn() throws Exception {
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        assertThat(run(out, err, "get", "big.bin")).as(Files.readString(err)).isZero();
        assertThat(Files.readAllBytes(work.resolve("downloads/big.bin"))).isEqualTo(CONTENT);
        String progress = Files.readString(err);
        assertThat(progress).doesNotContain("\r");
        assertThat(progress.lines().toList()).singleElement().asString()
                .startsWith("get big.bin [##############################] 100%  2.9 MiB / 2.9 MiB").contains("/s  in ");
        assertThat(Files.readString(out)).contains("sha256").contains("verified");
    }
}
