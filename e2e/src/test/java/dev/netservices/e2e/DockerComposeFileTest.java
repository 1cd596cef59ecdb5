package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The compose file validates, and says what operators rely on. No Docker engine is needed. */
class DockerComposeFileTest {

    private final Path root = RepositoryFiles.root();

    private Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> services() throws IOException {
        return (Map<String, Object>) compose().get("services");
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

    /**
     * An operator who sets no secret variable sees no warning: compose 1.29 warns "undefined secret file" on every
     * command for a secret that is not a regular file (it did, twelve lines, while the default was /dev/null).
     */
    @Test
    void composeWithNoSecretVariableSetPrintsNoWarning() throws Exception {
        String dockerCompose = Cli.require("docker-compose", "docker-compose");
        ProcessBuilder builder = new ProcessBuilder(dockerCompose, "-p", "netservices-no-secrets-test", "ps")
                .directory(root.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.endsWith("_FILE"));
        Process ps = builder.start();
        assertThat(ps.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ps.exitValue()).as(output).isZero();
        assertThat(output).doesNotContainIgnoringCase("warn").doesNotContain("undefined secret file");
        assertThat(root.resolve("secrets/none")).isEmptyFile();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceIsBuiltFromTheRootDockerfileAndHealthCheckedOnItsReadinessProbe() throws IOException {
        Map<String, String> httpPorts = Map.of("chat", "8081", "files", "8082", "web", "8083");
        // what `docker compose up` starts: the three services; the profile `cluster` adds redis and chat-2,
        // the profile `monitoring` prometheus, the profile `scale` haproxy and the web replicas behind it, and
        // files-haproxy and the file replicas behind it with the postgres and ceph they share
        Map<String, Object> byDefault = new HashMap<>(services());
        byDefault.values().removeIf(service -> ((Map<String, Object>) service).containsKey("profiles"));
        assertThat(byDefault).containsOnlyKeys(httpPorts.keySet());
        assertThat(services()).containsOnlyKeys("chat", "files", "web", "chat-2", "redis", "prometheus", "web-replica", "haproxy",
                "files-replica", "files-haproxy", "postgres", "ceph");
        for (String scale : List.of("web-replica", "haproxy", "files-replica", "files-haproxy", "postgres", "ceph")) {
            assertThat((List<String>) ((Map<String, Object>) services().get(scale)).get("profiles")).as(scale).containsExactly("scale");
        }
        assertThat((List<String>) ((Map<String, Object>) services().get("prometheus")).get("profiles")).containsExactly("monitoring");
        assertThat((List<String>) ((Map<String, Object>) services().get("chat-2")).get("profiles")).containsExactly("cluster");
        assertThat((List<String>) ((Map<String, Object>) services().get("redis")).get("profiles")).containsExactly("cluster");
        for (var entry : httpPorts.entrySet()) {
            String name = entry.getKey();
            String port = entry.getValue();
            Map<String, Object> service = (Map<String, Object>) services().get(name);
            assertThat(service.get("restart")).as(name).isEqualTo("unless-stopped");
            assertThat(service.get("stop_grace_period")).as(name).isEqualTo("40s");
            assertThat(service.get("mem_limit")).as(name).isNotNull();
            Map<String, Object> healthcheck = (Map<String, Object>) service.get("healthcheck");
            assertThat(String.join(" ", (List<String>) healthcheck.get("test")))
                    .as(name).contains("127.0.0.1/" + port).contains("/actuator/health/readiness").contains(" 200 ");
            String variable = name.toUpperCase() + "_HTTP_PORT";
            assertThat((List<String>) service.get("ports")).as(name)
                    .contains("${MANAGEMENT_ADDRESS:-127.0.0.1}:${" + variable + ":-" + port + "}:" + port);
            Map<String, Object> build = (Map<String, Object>) service.get("build");
            assertThat(build).as(name).containsEntry("context", ".").containsEntry("target", name)
                    .containsEntry("args", List.of("JDK_IMAGE", "JRE_IMAGE"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void chatPublishesUdpAndTakesItsAdminPasswordFromTheEnvironmentOrASecret() throws IOException {
        Map<String, Object> chat = (Map<String, Object>) services().get("chat");
        assertThat((List<String>) chat.get("ports")).contains("${PUBLISH_ADDRESS:-0.0.0.0}:${CHAT_PORT:-8000}:8000/udp");
        Map<String, String> environment = (Map<String, String>) chat.get("environment");
        // No value: passed through from the shell only when set there.
        assertThat(environment).containsEntry("CHAT_ADMIN_PASSWORD", null);
        assertThat((List<Map<String, String>>) chat.get("secrets"))
                .containsExactly(Map.of("source", "chat-admin-password", "target", "chat.admin.password"),
                        Map.of("source", "chat-cluster-secret", "target", "chat.cluster.secret"),
                        Map.of("source", "redis-password", "target", "spring.data.redis.password"));
        assertThat(Files.readString(root.resolve(".env"))).doesNotContainIgnoringCase("password");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theClustersRedisNeedsAPasswordFromASecretAndGivesTheNodesOnlyTheirKeysAndChannel() throws IOException {
        Map<String, Object> redis = (Map<String, Object>) services().get("redis");
        assertThat((List<String>) redis.get("secrets")).containsExactly("redis-password");
        String command = String.join(" ", (List<String>) redis.get("command"));
        assertThat(command).doesNotContain("--protected-mode").contains("--aclfile")
                .contains("user default off").contains("user chat on >%s").contains("resetkeys ~chat:*")
                .contains("resetchannels &chat:room").contains("-@all").contains("-@dangerous")
                .contains("no password").contains("exit 1");
        assertThat(String.join(" ", (List<String>) ((Map<String, Object>) redis.get("healthcheck")).get("test")))
                .contains("--user chat").contains("REDISCLI_AUTH=");
        for (String node : List.of("chat", "chat-2")) {
            Map<String, Object> service = (Map<String, Object>) services().get(node);
            Map<String, String> environment = (Map<String, String>) service.get("environment");
            assertThat(environment).as(node).containsEntry("SPRING_DATA_REDIS_USERNAME", "chat")
                    .doesNotContainKey("SPRING_DATA_REDIS_URL").doesNotContainKey("SPRING_DATA_REDIS_PASSWORD");
            assertThat((List<Map<String, String>>) service.get("secrets")).as(node)
                    .contains(Map.of("source", "redis-password", "target", "spring.data.redis.password"),
                            Map.of("source", "chat-cluster-secret", "target", "chat.cluster.secret"));
        }
        Map<String, Object> secrets = (Map<String, Object>) compose().get("secrets");
        assertThat((Map<String, String>) secrets.get("redis-password")).containsEntry("file", "${REDIS_PASSWORD_FILE:-./secrets/none}");
        assertThat((Map<String, String>) secrets.get("chat-cluster-secret"))
                .containsEntry("file", "${CHAT_CLUSTER_SECRET_FILE:-./secrets/none}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusIsPublishedOnTheManagementAddressAndReadsTheChatAdminPasswordFromTheSecret() throws IOException {
        Map<String, Object> prometheus = (Map<String, Object>) services().get("prometheus");
        assertThat((List<String>) prometheus.get("ports"))
                .containsExactly("${MANAGEMENT_ADDRESS:-127.0.0.1}:${PROMETHEUS_PORT:-9090}:9090");
        assertThat((List<String>) prometheus.get("volumes")).containsExactly("./monitoring:/etc/prometheus:ro");
        assertThat((List<String>) prometheus.get("secrets")).containsExactly("chat-admin-password");
        String scrapes = Files.readString(RepositoryFiles.root().resolve("monitoring/prometheus.yml"));
        assertThat(scrapes).contains("password_file: /run/secrets/chat-admin-password")
                .contains("chat:8081").contains("files:8082").contains("web:8083");
    }

    @Test
    @SuppressWarnings("unchecked")
    void filesKeepTheirStorageInANamedVolume() throws IOException {
        Map<String, Object> files = (Map<String, Object>) services().get("files");
        assertThat((List<String>) files.get("volumes")).contains("files-data:/data/files");
        assertThat(((Map<String, String>) files.get("environment")).get("FILES_ROOT")).isEqualTo("/data/files");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFileReplicasSharePostgresAndTheBucketAndTakeTheirPasswordsOnlyFromSecrets() throws IOException {
        Map<String, Object> replica = (Map<String, Object>) services().get("files-replica");
        Map<String, String> environment = (Map<String, String>) replica.get("environment");
        assertThat(environment).containsEntry("FILES_METADATA", "postgres").containsEntry("FILES_STORE", "s3")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/files")
                .containsEntry("FILES_S3_ENDPOINT", "http://ceph:7480").containsEntry("FILES_S3_BUCKET", "files")
                .containsKeys("FILES_S3_REGION", "FILES_S3_ACCESS_KEY", "FILES_PROXY_PROTOCOL_TRUSTED", "FILES_TLS_BUNDLE")
                .doesNotContainKeys("SPRING_DATASOURCE_PASSWORD", "FILES_S3_SECRET_KEY");
        assertThat((List<Map<String, String>>) replica.get("secrets")).containsExactlyInAnyOrder(
                Map.of("source", "files-db-password", "target", "spring.datasource.password"),
                Map.of("source", "files-s3-secret-key", "target", "files.s3.secret-key"));
        // The replicas publish nothing: HAProxy is their only way in.
        assertThat(replica).doesNotContainKey("ports");
        Map<String, Object> postgres = (Map<String, Object>) services().get("postgres");
        assertThat((Map<String, String>) postgres.get("environment")).containsEntry("POSTGRES_USER", "files")
                .containsEntry("POSTGRES_DB", "files").containsEntry("POSTGRES_PASSWORD_FILE", "/run/secrets/files-db-password");
        assertThat(postgres).doesNotContainKey("ports");
        Map<String, Object> ceph = (Map<String, Object>) services().get("ceph");
        assertThat((Map<String, String>) ceph.get("environment")).containsEntry("S3_BUCKET", "files")
                .containsEntry("S3_SECRET_KEY_FILE", "/run/secrets/files-s3-secret-key");
        assertThat(ceph).doesNotContainKey("ports");
        String haproxy = Files.readString(root.resolve("haproxy/files.cfg"));
        assertThat(haproxy).contains("mode tcp").contains("send-proxy-v2").contains("check port 8082")
                .contains("uri /actuator/health/readiness").contains("bind :8888").contains("bind :8889");
    }

    @Test
    @SuppressWarnings("unchecked")
    void webAsksForNoMoreOpenFilesThanThisMachineAllowsByDefault() throws IOException {
        Map<String, Object> web = (Map<String, Object>) services().get("web");
        Map<String, Object> nofile = (Map<String, Object>) ((Map<String, Object>) web.get("ulimits")).get("nofile");
        assertThat(nofile).containsEntry("soft", "${WEB_NOFILE:-20000}").containsEntry("hard", "${WEB_NOFILE:-20000}");
    }

    @Test
    void oneDockerfileBuildsTheThreeServicesWithTheClassicBuilderAndBuildKitAlike() throws IOException {
        String dockerfile = Files.readString(root.resolve("Dockerfile"));
        assertThat(dockerfile)
                .doesNotContain("# syntax")
                .doesNotContainPattern("(?m)^RUN\\s+--mount")
                .contains("FROM ${JDK_IMAGE:-eclipse-temurin:25-jdk} AS build")
                .contains("FROM ${JRE_IMAGE:-eclipse-temurin:25-jre} AS runtime")
                .contains("AS chat").contains("AS files").contains("AS web")
                .contains("./mvnw")
                .contains("USER 10001:10001")
                .contains("-XX:MaxRAMPercentage").contains("-XX:+ExitOnOutOfMemoryError")
                .contains("-XX:AOTCacheOutput=app.aot").contains("-XX:AOTCache=app.aot");
        // The poms go in before the sources, so that the resolved dependencies stay cached.
        assertThat(dockerfile.indexOf("COPY chat-service/pom.xml")).isLessThan(dockerfile.indexOf("COPY chat-service/src/"));
        for (String module : List.of("chat-service", "file-service", "web-service")) {
            assertThat(root.resolve(module).resolve("Dockerfile")).as(module).doesNotExist();
        }
    }
}
