package dev.netservices.files.session.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BoundedLineReaderTest {

    private static BoundedLineReader reader(byte[] bytes, int max) {
        return new BoundedLineReader(new BufferedInputStream(new ByteArrayInputStream(bytes)), max);
    }

    private static BoundedLineReader reader(String text, int max) {
        return reader(text.getBytes(StandardCharsets.UTF_8), max);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void readsLfAndCrlfLinesAndAnUnterminatedLastLine() throws IOException {
        BoundedLineReader lines = reader("LIST\nGET a.txt\r\n\r\nQUIT", 64);
        assertThat(lines.readLine()).isEqualTo("LIST");
        assertThat(lines.readLine()).isEqualTo("GET a.txt");
        assertThat(lines.readLine()).isEmpty();
        assertThat(lines.readLine()).isEqualTo("QUIT");
        assertThat(lines.readLine()).isNull();
    }

    @Test
    void decodesMultiByteUtf8() throws IOException {
        assertThat(reader("欢迎 小明 进入聊天室\n", 64).readLine()).isEqualTo("欢迎 小明 进入聊天室");
    }

    @Test
    void aLineOfExactlyTheLimitIsAccepted() throws IOException {
        assertThat(reader("a".repeat(16) + "\r\n", 16).readLine()).hasSize(16);
    }

    @Test
    void aLineOneByteOverTheLimitFailsWithoutReadingTheRest() throws IOException {
        byte[] input = ("a".repeat(17) + "REST-OF-A-HUGE-LINE\n").getBytes(StandardCharsets.US_ASCII);
        CountingStream counting = new CountingStream(new ByteArrayInputStream(input));
        BoundedLineReader lines = new BoundedLineReader(counting, 16);

        assertThatThrownBy(lines::readLine)
                .isInstanceOf(LineTooLongException.class)
                .hasMessage("line longer than 16 bytes");
        assertThat(counting.read).isEqualTo(17);
    }

    @Test
    void limitCountsBytesNotCharacters() {
        // 6 Chinese characters are 18 bytes of UTF-8.
        assertThatThrownBy(() -> reader("聊天室聊天室\n", 16).readLine()).isInstanceOf(LineTooLongException.class);
    }

    @Test
    void theBodyAfterALineIsReadFromTheSameStream() throws IOException {
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream("PUT a.txt 5\r\nhelloLIST\n".getBytes()));
        BoundedLineReader lines = new BoundedLineReader(in, 64);

        assertThat(lines.readLine()).isEqualTo("PUT a.txt 5");
        assertThat(in.readNBytes(5)).isEqualTo("hello".getBytes());
        assertThat(lines.readLine()).isEqualTo("LIST");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "C3 28",          // 2-byte lead followed by ASCII
            "A0 A1",          // continuation bytes with no lead
            "C0 AF",          // overlong encoding of '/'
            "E0 80 AF",       // overlong 3-byte '/'
            "ED A0 80",       // encoded UTF-16 surrogate
            "F4 90 80 80",    // above U+10FFFF
            "FF",             // never valid
            "E4 BD",          // truncated at end of line
    })
    void invalidUtf8IsRefusedWithTheOffendingByte(String hex) {
        byte[] bad = HexFormat.ofDelimiter(" ").parseHex(hex);
        byte[] line = new byte[bad.length + 3];
        line[0] = 'o';
        line[1] = 'k';
        System.arraycopy(bad, 0, line, 2, bad.length);
        line[line.length - 1] = '\n';

        assertThatThrownBy(() -> reader(line, 64).readLine())
                .isInstanceOf(MalformedLineException.class)
                .hasMessageStartingWith("not valid UTF-8 (byte 0x")
                .hasMessageContaining("at offset 2");
    }

    @Test
    void aBareCrIsRefused() {
        assertThatThrownBy(() -> reader("LIST\rGET\n", 64).readLine())
                .isInstanceOf(MalformedLineException.class)
                .hasMessage("CR not followed by LF");
    }

    @Test
    void nulAndRandomBinaryNeverEscapeAsAnythingButALineOrALineException() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            BoundedLineReader lines = reader(noise, 64);
            try {
                while (lines.readLine() != null) {
                    // keep reading until the stream or the reader says stop
                }
            } catch (LineException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void emptyStreamHasNoLines() throws IOException {
        assertThat(reader(new byte[0], 8).readLine()).isNull();
    }

    @Test
    void aLimitBelowOneIsAProgrammingError() {
        assertThatThrownBy(() -> reader("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static final class CountingStream extends InputStream {
        private final InputStream in;
        private int read;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                read++;
            }
            return b;
        }
    }
}
