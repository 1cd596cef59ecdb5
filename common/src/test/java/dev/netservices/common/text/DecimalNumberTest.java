package dev.netservices.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalNumberTest {

    @Test
    void parsesUpToEighteenDigits() {
        assertThat(DecimalNumber.parse("0")).isZero();
        assertThat(DecimalNumber.parse("0042")).isEqualTo(42);
        assertThat(DecimalNumber.parse("999999999999999999")).isEqualTo(999_999_999_999_999_999L);
        assertThat(DecimalNumber.parse("x12y", 1, 3)).isEqualTo(12);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "-1", "+1", " 1", "1 ", "1a", "0x10", "1000000000000000000", "99999999999999999999999", "١٢"})
    void refusesAnythingElse(String text) {
        assertThat(DecimalNumber.parse(text)).isEqualTo(-1);
    }
}
