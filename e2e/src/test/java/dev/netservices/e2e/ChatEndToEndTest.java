package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two netcat users and the client jar in one room, and the admin announcing over REST with curl. */
@ExtendWith(Platform.Extension.class)
class ChatEndToEndTest {

    @Test
    void netcatUsersAndTheClientJarTalkAndHearTheAdmin(Platform platform) throws Exception {
        String nc = Cli.require("nc", "netcat-openbsd");
        String curl = Cli.require("curl", "curl");
        List<String> netcat = List.of(nc, "-u", "localhost", String.valueOf(platform.chatPort()));
        try (Terminal alice = new Terminal("alice (nc)", netcat);
             Terminal bob = new Terminal("bob (nc)", netcat);
             Terminal carol = new Terminal("carol (client jar)", List.of(Cli.java(), "-jar", Cli.clientJar().toString(),
                     "chat", "--host", "localhost", "--port", String.valueOf(platform.chatPort())))) {

            alice.type("L alice");
            alice.awaitShows("OK");
            bob.type("L bob");
            bob.awaitShows("OK");
            alice.awaitShows("bob entered the room");
            carol.awaitShows("name:");
            carol.type("carol");
            carol.awaitShows("You are in the room as carol");
            alice.awaitShows("carol entered the room");
            bob.awaitShows("carol entered the room");

            alice.type("hello from netcat");
            bob.awaitShows("alice : hello from netcat");
            carol.awaitShows("alice : hello from netcat");

            carol.type("hello from the client");
            alice.awaitShows("carol : hello from the client");
            bob.awaitShows("carol : hello from the client");

            bob.type("C bob plain original format");
            alice.awaitShows("bob : plain original format");
            carol.awaitShows("bob : plain original format");

            Cli.Result anonymous = Cli.run(List.of(curl, "-s", "-o", "/dev/null", "-w", "%{http_code}",
                    "-H", "Content-Type: application/json", "-d", "{\"message\":\"nobody\"}",
                    platform.http("chat", "/api/chat/broadcast").toString()), new byte[0], Duration.ofSeconds(30));
            assertThat(anonymous.out()).isEqualTo("401");

            Cli.Result broadcast = Cli.run(List.of(curl, "-s", "-w", "%{http_code}", "-u", "admin:" + platform.adminPassword(),
                    "-H", "Content-Type: application/json", "-d", "{\"message\":\"maintenance at noon\"}",
                    platform.http("chat", "/api/chat/broadcast").toString()), new byte[0], Duration.ofSeconds(30));
            assertThat(broadcast.out()).endsWith("200").as(broadcast.out());
            for (Terminal member : List.of(alice, bob, carol)) {
                member.awaitShows("Admin announcement: maintenance at noon");
            }
            assertThat(alice.screen() + bob.screen() + carol.screen()).doesNotContain("nobody");

            carol.type("quit");
            alice.awaitShows("carol left the room");
            bob.awaitShows("carol left the room");
            assertThat(carol.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }
}
