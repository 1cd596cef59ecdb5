package dev.netservices.chat.admin;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Base64;

/** The admin REST API as the socket tests call it: the tests' admin ({@code admin:test-secret}), JSON bodies. */
final class AdminApi {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AdminApi() {
    }

    /** {@code method path} with {@code json} as the body (none when null) on the management port. */
    static HttpResponse<String> call(int port, String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
