package dev.netservices.web.hpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** HPACK against RFC 7541 Appendix C's examples, both ways, and the limits that stop a header block bomb. */
class HpackTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static List<HeaderField> decode(HpackDecoder decoder, String hex) throws Exception {
        byte[] block = hex(hex);
        return decoder.decode(block, block.length);
    }

    private static List<HeaderField> fields(String... pairs) {
        List<HeaderField> fields = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.add(new HeaderField(pairs[i], pairs[i + 1]));
        }
        return fields;
    }

    private static final List<HeaderField> C3_1 = fields(":method", "GET", ":scheme", "http", ":path", "/",
            ":authority", "www.example.com");
    private static final List<HeaderField> C3_2 = fields(":method", "GET", ":scheme", "http", ":path", "/",
            ":authority", "www.example.com", "cache-control", "no-cache");
    private static final List<HeaderField> C3_3 = fields(":method", "GET", ":scheme", "https", ":path", "/index.html",
            ":authority", "www.example.com", "custom-key", "custom-value");

    @Test
    void c3RequestsWithoutHuffmanShareTheDynamicTable() throws Exception {
        HpackDecoder decoder = new HpackDecoder(4096, 16384);
        assertThat(decode(decoder, "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d")).isEqualTo(C3_1);
        assertThat(decode(decoder, "8286 84be 5808 6e6f 2d63 6163 6865")).isEqualTo(C3_2);
        assertThat(decode(decoder, "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65"))
                .isEqualTo(C3_3);
    }

    @Test
    void c4RequestsWithHuffmanShareTheDynamicTable() throws Exception {
        HpackDecoder decoder = new HpackDecoder(4096, 16384);
        assertThat(decode(decoder, "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff")).isEqualTo(C3_1);
        assertThat(decode(decoder, "8286 84be 5886 a8eb 1064 9cbf")).isEqualTo(C3_2);
        assertThat(decode(decoder, "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf")).isEqualTo(C3_3);
    }

    @Test
    void c5AndC6ResponsesEvictFromATableOf256Bytes() throws Exception {
        List<HeaderField> first = fields(":status", "302", "cache-control", "private", "date",
                "Mon, 21 Oct 2013 20:13:21 GMT", "location", "https://www.example.com");
        List<HeaderField> second = fields(":status", "307", "cache-control", "private", "date",
                "Mon, 21 Oct 2013 20:13:21 GMT", "location", "https://www.example.com");
        HpackDecoder plain = new HpackDecoder(256, 16384);
        assertThat(decode(plain, "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 "
                + "2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"))
                .isEqualTo(first);
        assertThat(decode(plain, "4803 3330 37c1 c0bf")).as("302 evicted, 307 indexed").isEqualTo(second);
        HpackDecoder huffman = new HpackDecoder(256, 16384);
        assertThat(decode(huffman, "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 "
                + "2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3")).isEqualTo(first);
        assertThat(decode(huffman, "4883 640e ffc1 c0bf")).isEqualTo(second);
    }

    @Test
    void huffmanEncodesTheRfcStringsToTheRfcBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Huffman.encode("www.example.com", out);
        assertThat(out.toByteArray()).isEqualTo(hex("f1e3 c2e5 f23a 6ba0 ab90 f4ff"));
        out.reset();
        Huffman.encode("custom-value", out);
        assertThat(out.toByteArray()).isEqualTo(hex("25a8 49e9 5bb8 e8b4 bf"));
    }

    @Test
    void everyOctetSurvivesHuffmanBothWays() throws Exception {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c < 256; c++) {
            all.append((char) c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Huffman.encode(all.toString(), out);
        byte[] coded = out.toByteArray();
        assertThat(Huffman.encodedLength(all.toString())).isEqualTo(coded.length);
        assertThat(Huffman.decode(coded, 0, coded.length)).isEqualTo(all.toString());
    }

    @Test
    void encoderBlocksDecodeToWhatWasEncodedAndRepeatedFieldsShrink() throws Exception {
        HpackEncoder encoder = new HpackEncoder();
        HpackDecoder decoder = new HpackDecoder(4096, 16384);
        List<HeaderField> response = fields(":status", "200", "server", "netservices-web", "date",
                "Sat, 05 Dec 2026 08:00:00 GMT", "content-type", "text/html; charset=utf-8", "vary", "accept-encoding",
                "content-length", "1234");
        byte[] first = encoder.encode(response);
        byte[] second = encoder.encode(response);
        assertThat(decoder.decode(first, first.length)).isEqualTo(response);
        assertThat(decoder.decode(second, second.length)).isEqualTo(response);
        assertThat(second.length).as("server, content-type and vary are one byte each the second time")
                .isLessThan(first.length / 2);
    }

    @Test
    void encoderAnnouncesASmallerTableAndStaysInStepWithTheDecoder() throws Exception {
        HpackEncoder encoder = new HpackEncoder();
        HpackDecoder decoder = new HpackDecoder(4096, 16384);
        List<HeaderField> response = fields(":status", "200", "server", "netservices-web", "x-a", "a".repeat(100));
        byte[] block = encoder.encode(response);
        decoder.decode(block, block.length);
        encoder.peerTableSize(64);
        block = encoder.encode(response);
        assertThat(block[0] & 0xe0).as("a dynamic table size update first").isEqualTo(0x20);
        assertThat(decoder.decode(block, block.length)).isEqualTo(response);
    }

    @Test
    void aSmallBlockExpandingPastTheHeaderListLimitIsRefused() throws Exception {
        // one 4000-byte entry, then a hundred one-byte references to it: the "HPACK bomb"
        HpackEncoder encoder = new HpackEncoder();
        List<HeaderField> seed = fields("x-bomb", "b".repeat(900));
        byte[] first = encoder.encode(seed);
        HpackDecoder decoder = new HpackDecoder(4096, 16384);
        decoder.decode(first, first.length);
        byte[] bomb = new byte[100];
        java.util.Arrays.fill(bomb, (byte) 0xbe); // index 62: the newest dynamic entry
        assertThatThrownBy(() -> decoder.decode(bomb, bomb.length)).isInstanceOf(HpackDecoder.TooLarge.class)
                .hasMessageContaining("16384")
                .satisfies(e -> assertThat(((HpackDecoder.TooLarge) e).tableInStep()).as("decoding stopped").isFalse());
    }

    @Test
    void aListPastTheLimitIsDecodedToItsEndKeepingTheFieldsThatFitAndTheTableInStep() throws Exception {
        HpackEncoder encoder = new HpackEncoder();
        HpackDecoder decoder = new HpackDecoder(4096, 16384);
        List<HeaderField> list = new java.util.ArrayList<>(fields(":method", "GET", ":path", "/"));
        for (int i = 0; i < 6; i++) {
            list.add(new HeaderField("x-part-" + i, "p".repeat(3000)));
        }
        list.add(new HeaderField("x-last", "after the limit"));
        byte[] block = encoder.encode(list);
        HpackDecoder.TooLarge tooLarge = org.junit.jupiter.api.Assertions.assertThrows(HpackDecoder.TooLarge.class,
                () -> decoder.decode(block, block.length));
        assertThat(tooLarge.tableInStep()).isTrue();
        assertThat(tooLarge.getMessage()).isEqualTo("header fields longer than 16384 bytes");
        assertThat(tooLarge.kept()).hasSize(2 + 5).startsWith(list.get(0), list.get(1));
        // the encoder indexed what it sent; the decoder, having read it all, agrees on what its indexes mean
        List<HeaderField> next = fields(":method", "GET", "x-last", "after the limit");
        byte[] again = encoder.encode(next);
        assertThat(again).as("both fields by index, x-last from the dynamic table").hasSize(2);
        assertThat(decoder.decode(again, again.length)).isEqualTo(next);
    }

    @Test
    void aTableSizeUpdatePastTheAdvertisedSizeIsACompressionError() {
        HpackDecoder decoder = new HpackDecoder(4096, 16384);
        byte[] update = hex("3fe1 3f"); // 001 11111, then 8161 - 31: a size of 8161... past 4096
        assertThatThrownBy(() -> decoder.decode(update, update.length)).isInstanceOf(HpackException.class)
                .hasMessageContaining("above");
    }

    @Test
    void aTableSizeUpdateAfterAFieldIsACompressionError() {
        HpackDecoder decoder = new HpackDecoder(4096, 16384);
        byte[] block = hex("82 20");
        assertThatThrownBy(() -> decoder.decode(block, block.length)).isInstanceOf(HpackException.class);
    }

    @Test
    void brokenBlocksAreCompressionErrors() {
        for (String broken : List.of("80", "ff 00", "bf", "41 8c f1", "0f", "00 81 ff", "7fffffffff7f")) {
            HpackDecoder decoder = new HpackDecoder(4096, 16384);
            byte[] block = hex(broken);
            assertThatThrownBy(() -> decoder.decode(block, block.length)).as(broken).isInstanceOf(HpackException.class);
        }
    }

    @Test
    void huffmanPaddingThatIsNotAllOnesOrLongerThanSevenBitsIsRefused() {
        // 'a' is 00011 (5 bits): padded with 000 instead of 111
        assertThatThrownBy(() -> Huffman.decode(new byte[] {0x18}, 0, 1)).isInstanceOf(HpackException.class);
        // 'a' then a whole byte of ones: more than seven bits of padding
        assertThatThrownBy(() -> Huffman.decode(new byte[] {0x1f, (byte) 0xff}, 0, 2)).isInstanceOf(HpackException.class);
    }
}
