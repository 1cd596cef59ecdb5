package dev.netservices.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client jar on a real Java 17 runtime, the oldest {@code java} it promises to run on (DESIGN.md), while the
 * build itself runs on 21 or newer: a class file one release too new fails only there, with
 * {@code UnsupportedClassVersionError}, and JLine's terminal providers for Java 22+ must step aside there.
 * With no Java 17 on the machine this test fails and says how to install one; it is never skipped. A chat
 * session on Java 17 under a terminal runs against the real chat-service in e2e's {@code ChatTerminalEndToEndTest}.
 */
class Java17JarIT {

    /** Class file major version of Java 17. */
    private static final int JAVA_17 = 61;

    private static final Path JVMS = Path.of("/usr/lib/jvm");
    private static final String INSTALL = "apt-get install openjdk-17-jre-headless";

    /** A JVM's start on a loaded 2-core machine, not the client's own speed. */
    private static final Duration CLIENT_START = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private ServerSocket fileServer;

    @AfterEach
    void stop() throws IOException, InterruptedException {
        if (fileServer != null) {
            fileServer.close();
        }
    }

    /**
     * A {@code java} whose runtime is Java 17: {@code JAVA17_HOME} when set, Debian's
     * {@code java-17-openjdk-<arch>}, else any JDK or JRE under /usr/lib/jvm whose {@code release} file says 17.
     */
    static String java17() throws IOException {
        List<Path> homes = new ArrayList<>();
        Optional.ofNullable(System.getenv("JAVA17_HOME")).map(Path::of).ifPresent(homes::add);
        if (Files.isDirectory(JVMS)) {
            try (Stream<Path> installed = Files.list(JVMS)) {
                installed.sorted().forEach(homes::add);
            }
        }
        for (Path home : homes) {
            Path java = home.resolve("bin/java");
            if (Files.isExecutable(java) && releaseIs17(home)) {
                return java.toString();
            }
        }
        return fail("no Java 17 runtime found (JAVA17_HOME, or a JDK/JRE under %s whose release file says "
                + "JAVA_VERSION=\"17...\") to run the client jar on, the oldest Java it promises to run on. Install one: %s",
                JVMS, INSTALL);
    }

    private static boolean releaseIs17(Path home) throws IOException {
        Path release = home.resolve("release");
        return Files.isRegularFile(release)
                && Files.readAllLines(release).stream().anyMatch(line -> line.startsWith("JAVA_VERSION=\"17."));
    }

    private static int majorVersion(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        assertThat(in.readInt()).as("class file magic").isEqualTo(0xCAFEBABE);
        in.readUnsignedShort(); // minor
        return in.readUnsignedShort();
    }

    /** Runs the jar on Java 17 with no terminal, stdin empty; the exit status, stdout and stderr in the files given. */
    private int run(Path stdout, Path stderr, String... args) throws Exception {
        Process process = new ProcessBuilder(ClientJar.commandOn(java17(), args)).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertThat(process.waitFor(CLIENT_START.toSeconds(), TimeUnit.SECONDS)).as("the client ended").isTrue();
        return process.exitValue();
    }

    @Test
    void theClientsOwnClassesAreJava17ClassFiles() throws IOException {
        try (JarFile jar = new JarFile(ClientJar.jar().toFile())) {
            JarEntry main = jar.getJarEntry("dev/netservices/client/Main.class");
            assertThat(main).as("Main.class in the jar").isNotNull();
            try (InputStream in = jar.getInputStream(main)) {
                assertThat(majorVersion(in)).as("Main.class's major version").isEqualTo(JAVA_17);
            }
            // the libraries keep their own (JLine's FFM provider is Java 22 and is only loaded there); ours are all 17
            Enumeration<JarEntry> entries = jar.entries();
            int ours = 0;
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().startsWith("dev/netservices/") && entry.getName().endsWith(".class")) {
                    ours++;
                    try (InputStream in = jar.getInputStream(entry)) {
                        assertThat(majorVersion(in)).as(entry.getName()).isEqualTo(JAVA_17);
                    }
                }
            }
            assertThat(ours).isGreaterThan(10);
        }
    }

    @Test
    void versionAndHelpRunOnJava17() throws Exception {
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        assertThat(run(out, err, "--version")).as(Files.readString(err)).isZero();
        assertThat(Files.readString(out)).contains("netservices client").containsPattern("Java 17[.+]");

        assertThat(run(out, err, "files", "--help")).as(Files.readString(err)).isZero();
        assertThat(Files.readString(out)).startsWith("Usage: client files");

        assertThat(run(out, err, "chat", "--help")).as(Files.readString(err)).isZero();
        assertThat(Files.readString(out)).startsWith("Usage: client chat");
    }

    @Test
    void aFileIsListedFetchedAndVerifiedOnJava17() throws Exception {
        byte[] content = "hello from a tiny server\n".repeat(100).getBytes(UTF_8);
        serveOneFile("hello.txt", content);
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Path downloads = work.resolve("downloads");

        int status = run(out, err, "files", "--host", "127.0.0.1", "--port", String.valueOf(fileServer.getLocalPort()),
                "--dir", downloads.toString(), "-c", "list; get hello.txt");

        assertThat(status).as("stdout:%n%s%nstderr:%n%s", Files.readString(out), Files.readString(err)).isZero();
        assertThat(Files.readString(out)).contains("hello.txt").contains("verified");
        assertThat(Files.readAllBytes(downloads.resolve("hello.txt"))).isEqualTo(content);
    }

    /** The file server's side of LIST, STAT, GET and QUIT (docs/file-protocol.md) for one file, on a real socket. */
    private void serveOneFile(String name, byte[] content) throws Exception {
        fileServer = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        Thread.ofVirtual().start(() -> {
            while (!fileServer.isClosed()) {
                try (Socket client = fileServer.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), UTF_8));
                    OutputStream out = client.getOutputStream();
                    out.write("OK files server ready\r\n".getBytes(UTF_8));
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.equals("QUIT")) {
                            out.write("OK bye\r\n".getBytes(UTF_8));
                            break;
                        } else if (line.equals("LIST")) {
                            String body = content.length + " " + name + "\r\n";
                            out.write(("OK " + body.length() + "\r\n" + body).getBytes(UTF_8));
                        } else if (line.equals("STAT " + name)) {
                            out.write(("OK " + content.length + " " + sha256 + " " + name + "\r\n").getBytes(UTF_8));
                        } else if (line.equals("GET " + name + " 0")) {
                            out.write(("OK " + content.length + "\r\n").getBytes(UTF_8));
                            out.write(content);
                        } else {
                            out.write(("ERR 404 no such file: " + line.substring(line.indexOf(' ') + 1) + "\r\n").getBytes(UTF_8));
                        }
                    }
                } catch (IOException e) {
                    // the next connection, or the server closed
                }
            }
        });
    }
}
