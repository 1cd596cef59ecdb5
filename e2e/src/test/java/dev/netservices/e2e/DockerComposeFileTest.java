package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The compose file validates, and says what operators rely on. No Docker engine is needed. */
class DockerComposeFileTest {

    private final Path root = RepositoryFiles.root();

    @SuppressWarnings("unchecked")
    private Map<String, Object> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
        return (Map<String, Object>) compose.get("services");
    }

    @Test
    void composeFileValidatesWithDockerCompose() throws Exception {
        String dockerCompose = Cli.require("docker-compose", "docker-compose");
        Process config = new ProcessBuilder(dockerCompose, "config", "-q")
                .directory(root.toFile()).redirectErrorStream(true).start();
        assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(config.exitValue()).as(output).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceRestartsAndIsHealthCheckedOnItsLivenessProbe() throws IOException {
        Map<String, String> httpPorts = Map.of("chat", "8081", "files", "8082", "web", "8083");
        assertThat(services()).containsOnlyKeys(httpPorts.keySet());
        httpPorts.forEach((name, port) -> {
            try {
                Map<String, Object> service = (Map<String, Object>) services().get(name);
                assertThat(service.get("restart")).as(name).isEqualTo("unless-stopped");
                Map<String, Object> healthcheck = (Map<String, Object>) service.get("healthcheck");
                assertThat(String.join(" ", (List<String>) healthcheck.get("test")))
                        .as(name).contains("127.0.0.1/" + port).contains("/actuator/health/liveness");
                assertThat((List<String>) service.get("ports")).as(name).contains(port + ":" + port);
                Map<String, Object> build = (Map<String, Object>) service.get("build");
                assertThat(root.resolve((String) build.get("dockerfile"))).as(name).exists();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void chatPublishesUdpAndHasNoDefaultAdminPassword() throws IOException {
        Map<String, Object> chat = (Map<String, Object>) services().get("chat");
        assertThat((List<String>) chat.get("ports")).contains("8000:8000/udp");
        Map<String, String> environment = (Map<String, String>) chat.get("environment");
        assertThat(environment.get("CHAT_ADMIN_PASSWORD")).isEqualTo("${CHAT_ADMIN_PASSWORD:-}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void filesKeepTheirStorageInANamedVolume() throws IOException {
        Map<String, Object> files = (Map<String, Object>) services().get("files");
        assertThat((List<String>) files.get("volumes")).contains("files-data:/data/files");
        assertThat(((Map<String, String>) files.get("environment")).get("FILES_ROOT")).isEqualTo("/data/files");
    }

    @Test
    void dockerfilesBuildWithTheWrapperAndRunAsANonRootUserOnTemurin21() throws IOException {
        for (String module : List.of("chat-service", "file-service", "web-service")) {
            String dockerfile = Files.readString(root.resolve(module).resolve("Dockerfile"));
            assertThat(dockerfile).as(module)
                    .contains("FROM eclipse-temurin:21-jdk AS build")
                    .contains("--mount=type=cache,target=/root/.m2")
                    .contains("./mvnw")
                    .contains("FROM eclipse-temurin:21-jre")
                    .contains("USER app")
                    .contains("org.springframework.boot.loader.launch.JarLauncher");
        }
    }
}
