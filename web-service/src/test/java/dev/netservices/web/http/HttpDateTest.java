package dev.netservices.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** RFC 9110 5.6.7: a recipient accepts all three date formats; a sender uses only IMF-fixdate. */
class HttpDateTest {

    private static final Instant EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void theThreeFormatsOfTheRfcExampleGiveTheSameInstant() {
        assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(EXAMPLE);
        assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(EXAMPLE);
        assertThat(HttpDate.parse("Sun Nov  6 08:49:37 1994")).isEqualTo(EXAMPLE);
        assertThat(HttpDate.format(EXAMPLE)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void aTwoDigitYearMoreThanFiftyYearsAheadIsInThePastCentury() {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        assertThat(HttpDate.parseObsolete("Friday, 01-Jan-77 00:00:00 GMT", now)).isEqualTo(Instant.parse("1977-01-01T00:00:00Z"));
        assertThat(HttpDate.parseObsolete("Monday, 01-Jan-46 00:00:00 GMT", now)).isEqualTo(Instant.parse("2046-01-01T00:00:00Z"));
    }

    @Test
    void anythingElseIsNoDate() {
        assertThat(HttpDate.parse("yesterday")).isNull();
        assertThat(HttpDate.parse("Sun, 06 Nov 94 08:49:37 GMT")).isNull();
        assertThat(HttpDate.parse("Sun Nov 31 08:49:37 1994")).isNull();
        assertThat(HttpDate.parse("Sunday, 06-Foo-94 08:49:37 GMT")).isNull();
    }
}
