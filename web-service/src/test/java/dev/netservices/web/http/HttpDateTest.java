package dev.netservices.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.netservices.common.time.ManualClock;
import dev.netservices.common.time.ServiceClock;

/** RFC 9110 5.6.7: a recipient accepts all three date formats; a sender uses only IMF-fixdate. */
class HttpDateTest {

    private static final Instant EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");
    private static final HttpDate DATES = new HttpDate(ServiceClock.SYSTEM);

    @Test
    void theThreeFormatsOfTheRfcExampleGiveTheSameInstant() {
        assertThat(DATES.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(EXAMPLE);
        assertThat(DATES.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(EXAMPLE);
        assertThat(DATES.parse("Sun Nov  6 08:49:37 1994")).isEqualTo(EXAMPLE);
        assertThat(HttpDate.format(EXAMPLE)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void aTwoDigitYearMoreThanFiftyYearsAheadIsInThePastCentury() {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        assertThat(HttpDate.parseObsolete("Friday, 01-Jan-77 00:00:00 GMT", now)).isEqualTo(Instant.parse("1977-01-01T00:00:00Z"));
        assertThat(HttpDate.parseObsolete("Monday, 01-Jan-46 00:00:00 GMT", now)).isEqualTo(Instant.parse("2046-01-01T00:00:00Z"));
    }

    @Test
    void theDateHeaderFollowsTheServiceClockSecondBySecond() {
        ManualClock clock = new ManualClock();
        HttpDate dates = new HttpDate(clock);
        assertThat(dates.now()).isEqualTo("Thu, 01 Jan 2026 00:00:00 GMT");
        clock.advance(Duration.ofMillis(999));
        assertThat(dates.now()).isEqualTo("Thu, 01 Jan 2026 00:00:00 GMT");
        clock.advance(Duration.ofMillis(1));
        assertThat(dates.now()).isEqualTo("Thu, 01 Jan 2026 00:00:01 GMT");
    }

    @Test
    void anRfc850YearIsReadAgainstTheServiceClock() {
        assertThat(new HttpDate(new ManualClock()).parse("Friday, 01-Jan-77 00:00:00 GMT"))
                .isEqualTo(Instant.parse("1977-01-01T00:00:00Z"));
    }

    @Test
    void anythingElseIsNoDate() {
        assertThat(DATES.parse("yesterday")).isNull();
        assertThat(DATES.parse("Sun, 06 Nov 94 08:49:37 GMT")).isNull();
        assertThat(DATES.parse("Sun Nov 31 08:49:37 1994")).isNull();
        assertThat(DATES.parse("Sun, 31 Feb 2027 15:44:31 GMT")).as("no Feb 31, not Feb 28 (a Sunday)").isNull();
        assertThat(DATES.parse("Wed, 31 Nov 1994 08:49:37 GMT")).isNull();
        assertThat(DATES.parse("Sun, 28 Feb 2027 15:44:31 GMT")).isEqualTo(Instant.parse("2027-02-28T15:44:31Z"));
        assertThat(DATES.parse("Sunday, 06-Foo-94 08:49:37 GMT")).isNull();
    }
}
