package dev.netservices.client.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
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
import java.util.function.BiConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.client.Main;

/**
 * The client against a scripted server on a real socket: one that breaks a download off half way, one
 * that sends wrong bytes, one that lists a name leading out of the folder.
 */
class ResumeAndVerifyTest {

    private static final byte[] CONTENT = new byte[300_000];

    static {
        new Random(3).nextBytes(CONTENT);
    }

    @TempDir
    Path downloads;

    private final List<String> commandsSeen = new CopyOnWriteArrayList<>();
    private ScriptedServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void interruptedDownloadIsResumedFromItsPartFileAndVerified() throws Exception {
        // first connection: the body stops after 100000 bytes; later ones serve from the offset asked
        server = new ScriptedServer((command, output) -> {
            if (command.startsWith("GET a.bin ")) {
                long offset = Long.parseLong(command.substring("GET a.bin ".length()));
                boolean breakOff = commandsSeen.stream().filter(c -> c.startsWith("GET")).count() == 1;
                write(output, "OK " + (CONTENT.length - offset) + "\r\n");
                write(output, CONTENT, (int) offset, breakOff ? 100_000 : CONTENT.length - (int) offset);
                if (breakOff) {
                    throw new IllegalStateException("connection dropped");
                }
            }
        });
        assertThat(run("get", "a.bin")).isEqualTo(1);
        assertThat(err.toString()).contains("a.bin.part is kept: get a.bin again to resume");
        assertThat(downloads.resolve("a.bin.part")).hasSize(100_000);
        assertThat(downloads.resolve("a.bin")).doesNotExist();

        assertThat(run("get", "a.bin")).isEqualTo(0);
        assertThat(commandsSeen).contains("GET a.bin 0", "GET a.bin 100000");
        assertThat(Files.readAllBytes(downloads.resolve("a.bin"))).isEqualTo(CONTENT);
        assertThat(downloads.resolve("a.bin.part")).doesNotExist();
        assertThat(out.toString()).contains("resuming a.bin at byte 100000").contains("verified");
    }

    @Test
    void corruptedDownloadFailsTheChecksumAndLeavesNoFile() throws Exception {
        server = new ScriptedServer((command, output) -> {
            if (command.startsWith("GET a.bin")) {
                byte[] wrong = CONTENT.clone();
                wrong[1234] ^= 1;
                write(output, "OK " + wrong.length + "\r\n");
                write(output, wrong, 0, wrong.length);
            }
        });
        assertThat(run("get", "a.bin")).isEqualTo(1);
        assertThat(err.toString()).contains("SHA-256 mismatch for a.bin");
        try (var files = Files.list(downloads)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void nameLeadingOutOfTheFolderIsNeverWritten() throws Exception {
        // a typed ../ is a remote path (resolved at the top, saved under its last name); a listed name is the server's word
        String line = "12 ../outside.bin\r\n";
        server = new ScriptedServer((command, output) -> {
            if (command.equals("LIST")) {
                write(output, "OK " + line.length() + " bytes follow: 1 file, 0 folders\r\n" + line);
            }
        });
        Path inside = Files.createDirectory(downloads.resolve("inside"));
        assertThat(runIn(inside, "-c", "ls; get 1")).isEqualTo(1);
        assertThat(err.toString()).contains("refusing to save '../outside.bin'");
        assertThat(commandsSeen).noneMatch(c -> c.startsWith("GET"));
        assertThat(downloads.resolve("outside.bin")).doesNotExist();
    }

    @Test
    void busyServerIsTriedAgainAFewTimesWithGrowingPausesThenReportedAsSuch() throws Exception {
        List<java.time.Duration> pauses = new CopyOnWriteArrayList<>();
        try (ServerSocket busy = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                while (!busy.isClosed()) {
                    try (Socket s = busy.accept()) {
                        s.getOutputStream().write("ERR 503 server busy: all 1 sessions are in use, try again later\r\n".getBytes());
                    } catch (IOException e) {
                        // test ends
                    }
                }
            });
            var files = FileClient.commandLine(System.in, new PrintStream(out), new PrintStream(err), pauses::add);
            int status = FileClient.closingSession(files, files).execute(new String[] {"--port", String.valueOf(busy.getLocalPort()), "--dir", downloads.toString(), "list"});
            assertThat(status).isEqualTo(1);
            assertThat(pauses).containsExactly(java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(1),
                    java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(4));
            assertThat(err.toString()).contains("trying again in 500ms (1/4)").contains("trying again in 4s (4/4)")
                    .contains("error: server busy: all 1 sessions are in use");
        }
    }

    @Test
    void busyServerThatFreesASessionIsUsedOnTheRetry() throws Exception {
        List<java.time.Duration> pauses = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                for (int connection = 0; !server.isClosed(); connection++) {
                    try (Socket s = server.accept()) {
                        if (connection < 2) {
                            s.getOutputStream().write("ERR 503 server busy\r\n".getBytes());
                            continue;
                        }
                        s.getOutputStream().write("OK ready\r\n".getBytes());
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                        if ("LIST".equals(in.readLine())) {
                            s.getOutputStream().write("OK 9\r\n3 a.txt\r\n".getBytes());
                        }
                        in.readLine();
                        s.getOutputStream().write("OK bye\r\n".getBytes());
                    } catch (IOException e) {
                        // test ends
                    }
                }
            });
            var files = FileClient.commandLine(System.in, new PrintStream(out), new PrintStream(err), pauses::add);
            assertThat(FileClient.closingSession(files, files).execute("--port", String.valueOf(server.getLocalPort()), "ls")).isZero();
            assertThat(pauses).hasSize(2);
            assertThat(out.toString()).contains("a.txt");
        }
    }

    private int run(String... command) {
        return runIn(downloads, command);
    }

    private int runIn(Path folder, String... command) {
        List<String> args = new java.util.ArrayList<>(List.of("files", "--port", String.valueOf(server.port()), "--dir", folder.toString(), "--quiet"));
        args.addAll(List.of(command));
        return Main.commandLine(System.in, new PrintStream(out, true), new PrintStream(err, true)).execute(args.toArray(String[]::new));
    }

    private static void write(OutputStream output, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(output, bytes, 0, bytes.length);
    }

    private static void write(OutputStream output, byte[] bytes, int offset, int length) {
        try {
            output.write(bytes, offset, length);
            output.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Greets, answers STAT for a.bin with the true digest and QUIT, and hands other commands to the script. */
    private final class ScriptedServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0);

        ScriptedServer(BiConsumer<String, OutputStream> script) throws IOException {
            String sha256 = HexFormat.of().formatHex(sha256(CONTENT));
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                        OutputStream output = client.getOutputStream();
                        write(output, "OK scripted server\r\n");
                        String line;
                        while ((line = in.readLine()) != null) {
                            commandsSeen.add(line);
                            if (line.equals("STAT a.bin")) {
                                write(output, "OK " + CONTENT.length + " " + sha256 + " a.bin\r\n");
                            } else if (line.equals("QUIT")) {
                                write(output, "OK bye\r\n");
                                break;
                            } else {
                                script.accept(line, output);
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        // next connection
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
