package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What an operator watches: health of all three, and each service's own metrics moving with traffic. */
@ExtendWith(Platform.Extension.class)
class OperationsEndToEndTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(URI uri, String... basicAuth) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        if (basicAuth.length == 2) {
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((basicAuth[0] + ":" + basicAuth[1]).getBytes()));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void allThreeAreUpWithTheirProtocolServerInReadiness(Platform platform) throws Exception {
        for (String service : List.of("chat", "files", "web")) {
            // web's details (the protocol component among them) are its admin's; chat's and files' are open.
            HttpResponse<String> health = service.equals("web")
                    ? get(platform.http(service, "/actuator/health"), "admin", platform.adminPassword())
                    : get(platform.http(service, "/actuator/health"));
            assertThat(health.statusCode()).as(service).isEqualTo(200);
            assertThat(health.body()).as(service).contains("\"status\":\"UP\"").contains("\"protocol\"");
            HttpResponse<String> readiness = get(platform.http(service, "/actuator/health/readiness"));
            assertThat(readiness.body()).as(service).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void eachServicesOwnMetricsMoveWithTraffic(Platform platform) throws Exception {
        double webBefore = sum(scrape(platform, "web"), "web_requests");
        double filesBefore = sum(scrape(platform, "files"), "files_transfers");
        double chatBefore = sum(scrape(platform, "chat"), "chat_datagrams_received");

        for (int i = 0; i < 3; i++) {
            get(platform.web("/"));
        }
        String nc = Cli.require("nc", "netcat-openbsd");
        Cli.run(List.of(nc, "-q1", "localhost", String.valueOf(platform.filesPort())),
                "PUT metrics.txt 3\r\nabcGET metrics.txt\r\n".getBytes(), Duration.ofSeconds(30));
        try (var member = new java.net.DatagramSocket()) {
            byte[] ping = "PING\n".getBytes();
            member.send(new java.net.DatagramPacket(ping, ping.length, java.net.InetAddress.getLoopbackAddress(), platform.chatPort()));
        }

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(sum(scrape(platform, "web"), "web_requests")).isGreaterThanOrEqualTo(webBefore + 3);
            assertThat(sum(scrape(platform, "files"), "files_transfers")).isGreaterThanOrEqualTo(filesBefore + 2);
            assertThat(sum(scrape(platform, "chat"), "chat_datagrams_received")).isGreaterThanOrEqualTo(chatBefore + 1);
        });
    }

    @Test
    void chatActuatorBeyondHealthAndInfoNeedsTheAdmin(Platform platform) throws Exception {
        assertThat(get(platform.http("chat", "/actuator/prometheus")).statusCode()).isEqualTo(401);
        assertThat(get(platform.http("chat", "/actuator/info")).statusCode()).isEqualTo(200);
    }

    private String scrape(Platform platform, String service) throws Exception {
        HttpResponse<String> response = service.equals("chat")
                ? get(platform.http(service, "/actuator/prometheus"), "admin", platform.adminPassword())
                : get(platform.http(service, "/actuator/prometheus"));
        assertThat(response.statusCode()).as(service).isEqualTo(200);
        return response.body();
    }

    /** Sum of every sample of a counter family (all tag combinations), as Prometheus would add them up. */
    private static double sum(String scrape, String family) {
        Matcher sample = Pattern.compile("(?m)^" + family + "(?:_total)?(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(scrape);
        double total = 0;
        while (sample.find()) {
            total += Double.parseDouble(sample.group(1));
        }
        return total;
    }
}
