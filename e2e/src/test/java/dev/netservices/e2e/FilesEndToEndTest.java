package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The file server as nc and the client jar use it, started by run.sh. */
@ExtendWith(Platform.Extension.class)
class FilesEndToEndTest {

    private static Cli.Result nc(Platform platform, byte[] input) throws Exception {
        String nc = Cli.require("nc", "netcat-openbsd");
        return Cli.run(List.of(nc, "-q1", "localhost", String.valueOf(platform.filesPort())), input, Duration.ofSeconds(30));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void ncUploadsListsAndDownloadsByteForByte(Platform platform) throws Exception {
        byte[] content = new byte[70_000];
        new Random(7).nextBytes(content);
        ByteArrayOutputStream upload = new ByteArrayOutputStream();
        upload.write(ascii("PUT nc-upload.bin " + content.length + "\r\n"));
        upload.write(content);

        String stored = nc(platform, upload.toByteArray()).out();
        assertThat(stored).contains("OK " + content.length + " " + sha256(content));

        assertThat(nc(platform, ascii("LIST\r\n")).out()).contains(content.length + " nc-upload.bin");

        byte[] download = nc(platform, ascii("GET nc-upload.bin\r\n")).stdout();
        byte[] header = ascii("OK " + content.length + "\r\n");
        int bodyStart = indexOf(download, header) + header.length;
        assertThat(bodyStart).isGreaterThan(header.length - 1);
        assertThat(java.util.Arrays.copyOfRange(download, bodyStart, bodyStart + content.length)).isEqualTo(content);
        assertThat(platform.filesRoot().resolve("nc-upload.bin")).hasBinaryContent(content);
    }

    @Test
    void theOriginalOneLetterCommandsAndTheReadmeExampleWork(Platform platform) throws Exception {
        // The README's example, as written there.
        assertThat(nc(platform, ascii("PUT a.txt 5\r\nhello")).out())
                .contains("OK 5 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(nc(platform, ascii("L\r\n")).out()).contains("5 a.txt");
    }

    @Test
    void aHostileNameIsRefusedAndNothingOutsideTheRootIsTouched(Platform platform) throws Exception {
        String reply = nc(platform, ascii("GET ../../etc/passwd\r\nPUT ../escape.txt 3\r\nabcQUIT\r\n")).out();
        assertThat(reply).contains("ERR 403").doesNotContain("root:");
        assertThat(reply.lines().filter(line -> line.startsWith("ERR 403")).count()).isEqualTo(2);
        assertThat(platform.filesRoot().getParent().resolve("escape.txt")).doesNotExist();
    }

    @Test
    void theClientJarUploadsAndDownloadsA100MibFileVerifiedBySha256(Platform platform) throws Exception {
        Path local = platform.scratch("client-upload").resolve("big.bin");
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Random random = new Random(100);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(local)) {
            for (int i = 0; i < 100; i++) {
                random.nextBytes(chunk);
                digest.update(chunk);
                out.write(chunk);
            }
        }
        String expected = HexFormat.of().formatHex(digest.digest());
        List<String> client = List.of(Cli.java(), "-jar", Cli.clientJar().toString(), "files",
                "--host", "localhost", "--port", String.valueOf(platform.filesPort()));

        Cli.Result put = Cli.run(Cli.concat(client, "put", local.toString()), new byte[0], Duration.ofMinutes(3));
        assertThat(put.exitCode()).as(put.out() + put.stderr()).isZero();
        assertThat(platform.filesRoot().resolve("big.bin")).exists();
        assertThat(Files.size(platform.filesRoot().resolve("big.bin"))).isEqualTo(100L << 20);

        Path downloads = platform.scratch("client-download");
        Cli.Result get = Cli.run(Cli.concat(client, "--dir", downloads.toString(), "get", "big.bin"),
                new byte[0], Duration.ofMinutes(3));
        assertThat(get.exitCode()).as(get.out() + get.stderr()).isZero();
        assertThat(sha256(downloads.resolve("big.bin"))).isEqualTo(expected);
        assertThat(get.out() + get.stderr()).containsIgnoringCase(expected.substring(0, 12));
    }

    private static String sha256(Path file) throws IOException, java.security.NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
