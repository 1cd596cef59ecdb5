package dev.netservices.web.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.common.time.ManualClock;
import dev.netservices.web.support.BareWebServer;
import dev.netservices.web.support.DemoFiles;
import dev.netservices.web.support.RawClient.RawResponse;
import dev.netservices.web.support.RawClient;

/** Deadlines and Date headers come from the injected clock, so a test can move time instead of waiting. */
class InjectedClockTest {

    @Test
    void headerTimeoutFiresWhenTheClockPassesItAndDatesFollowTheClock(@TempDir Path root) throws Exception {
        DemoFiles.create(root);
        ManualClock clock = new ManualClock();
        clock.advance(Duration.between(clock.now(), Instant.parse("2030-01-02T03:04:05Z")));
        // The default header timeout (10 s) would make a real-time test slow; the manual clock makes it instant.
        WebServer server = BareWebServer.bind(root, exchange -> { }, clock);
        try (RawClient client = new RawClient(server.port())) {
            RawResponse first = client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(first.header("Date")).isEqualTo("Wed, 02 Jan 2030 03:04:05 GMT");

            // Half a request, then (no clock move) the rest: a 200, not a 408, shows nothing fired while the clock
            // stood still, with no quiet period to wait out.
            client.send("GET / HTTP/1.1\r\nHost: x\r\n");
            try (RawClient marker = new RawClient(server.port())) {
                assertThat(marker.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            }
            assertThat(client.send("\r\n").read().status()).as("nothing happens while the clock stands still").isEqualTo(200);

            client.send("GET / HTTP/1.1\r\nHost: x\r\n");
            // the one event loop has read those bytes (and so started their timeout) once it answers a later request
            try (RawClient marker = new RawClient(server.port())) {
                assertThat(marker.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            }
            clock.advance(Duration.ofSeconds(11));
            client.timeout(10_000);
            RawResponse timedOut = client.read();
            assertThat(timedOut.status()).isEqualTo(408);
            assertThat(timedOut.header("Date")).isEqualTo("Wed, 02 Jan 2030 03:04:16 GMT");
        } finally {
            server.close();
        }
    }
}
