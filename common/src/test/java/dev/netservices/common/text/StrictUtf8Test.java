package dev.netservices.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictUtf8Test {

    @Test
    void decodesValidUtf8() throws InvalidUtf8Exception {
        assertThat(StrictUtf8.decode(bytes(0xE4, 0xBD, 0xA0), 0, 3)).isEqualTo("你");
        assertThat(StrictUtf8.decode(new byte[0], 0, 0)).isEmpty();
        assertThat(StrictUtf8.decode(ByteBuffer.wrap("café".getBytes(java.nio.charset.StandardCharsets.UTF_8)))).isEqualTo("café");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"E4BD", "C0AF", "EDA080", "FF", "80"})
    void refusesWhatLenientDecodingWouldTurnIntoReplacementCharacters(String hex) {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex);
        assertThatThrownBy(() -> StrictUtf8.decode(bytes, 0, bytes.length))
                .isInstanceOf(InvalidUtf8Exception.class)
                .hasMessageStartingWith("not valid UTF-8 (byte 0x");
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
