package dev.netservices.files.defense;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import dev.netservices.common.time.ManualClock;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * The ban list: an address whose failed logins, refused commands and protocol errors reach the threshold within the
 * window is banned for the ban time (one ERR 421 line, then closed, counted); the ban ends by itself; the LOGIN
 * throttle still answers first.
 */
class DefenderTest {

    private static final Defender.Rules RULES = new Defender.Rules(true, 6, Duration.ofMinutes(1), Duration.ofMinutes(10), 2, 1, 2, 100);

    @TempDir
    Path root;

    @Test
    void anAddressPastTheThresholdIsBannedUntilTheBanTimeIsOver() throws IOException {
        ManualClock clock = new ManualClock();
        try (TestServer server = TestServer.on(root).clock(clock).defender(RULES).start()) {
            try (Wire wire = server.connect()) {
                assertThat(wire.command("FROBNICATE")).startsWith("ERR 400 unknown command");
                assertThat(wire.command("FROBNICATE")).startsWith("ERR 400 unknown command");
                assertThat(wire.command("FROBNICATE")).startsWith("ERR 400 unknown command");
                assertThat(wire.readLine()).isEqualTo(
                        "ERR 421 127.0.0.1 is banned for 10 more minutes (too many failed logins, refused commands or protocol errors); closing");
                assertThat(wire.closedByServer()).isTrue();
            }
            try (Wire again = server.connect()) {
                assertThat(again.greeting()).startsWith("ERR 421 127.0.0.1 is banned for 10 more minutes");
                assertThat(again.closedByServer()).isTrue();
            }
            assertThat(server.registry().get("files.defender.bans").counter().count()).isEqualTo(1);
            assertThat(server.registry().get("files.sessions.rejected").tag("reason", "banned").counter().count()).isEqualTo(1);

            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            try (Wire after = server.connect()) {
                assertThat(after.greeting()).startsWith("OK files server ready");
                assertThat(after.command("LIST")).startsWith("OK 0 bytes follow");
            }
            assertThat(server.registry().get("files.defender.bans.ended").counter().count()).isEqualTo(1);
        }
    }

    @Test
    void theLoginThrottleStillAnswersBeforeTheBan() throws IOException {
        Path users = root.resolveSibling(root.getFileName() + "-users");
        Files.writeString(users, "alice:" + PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("right") + ":rw\n");
        Files.setPosixFilePermissions(users, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Defender.Rules rules = new Defender.Rules(true, 15, Duration.ofMinutes(10), Duration.ofMinutes(30), 2, 1, 2, 100);
        try (TestServer server = TestServer.on(root).usersFile(users).plainLogin(true).loginFailureDelay(Duration.ZERO)
                .loginFailures(5, Duration.ofMinutes(1)).defender(rules).start(); Wire wire = server.connect()) {
            for (int i = 0; i < 5; i++) {
                assertThat(wire.command("LOGIN alice wrong")).isEqualTo("ERR 530 login failed: wrong name or password");
            }
            assertThat(wire.command("LOGIN alice wrong")).startsWith("ERR 429 too many failed logins from 127.0.0.1");
            assertThat(wire.command("LOGIN alice wrong")).startsWith("ERR 429 too many failed logins from 127.0.0.1");
            assertThat(wire.command("LOGIN alice wrong")).startsWith("ERR 429 too many failed logins from 127.0.0.1");
            assertThat(wire.readLine()).startsWith("ERR 421 127.0.0.1 is banned for 30 more minutes");
        } finally {
            Files.deleteIfExists(users);
        }
    }
}
