package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's docker-compose.yml run by a real Docker Engine, under a compose project name of its
 * own and on free host ports, all of them published on 127.0.0.1 only. The host side is set the way a
 * user sets it: through the variables the compose file documents. Whatever is missing to run it (the
 * docker CLI, an engine, a compose, base images) fails the test with a message naming it.
 */
final class DockerComposeStack implements AutoCloseable {

    private final String docker;
    private final List<String> compose;
    private final Map<String, String> environment;
    private final Path work;
    private final String project;
    private final Map<String, String> containers = new HashMap<>();

    private DockerComposeStack(String docker, List<String> compose, Map<String, String> environment, Path work) {
        this.docker = docker;
        this.compose = compose;
        this.environment = environment;
        this.work = work;
        this.project = "netservices-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Checks that everything the stack needs is here; the chat admin password goes in as a secret file. */
    static DockerComposeStack prepare(Path work, String adminPassword) throws IOException, InterruptedException {
        String docker = engine();
        List<String> compose = findCompose(docker);

        Map<String, String> environment = new HashMap<>(System.getenv());
        List<Integer> tcp = RepositoryFiles.freeTcpPorts(7);
        environment.put("PUBLISH_ADDRESS", "127.0.0.1");
        environment.put("MANAGEMENT_ADDRESS", "127.0.0.1");
        environment.put("CHAT_PORT", String.valueOf(RepositoryFiles.freeUdpPort()));
        environment.put("CHAT_HTTP_PORT", String.valueOf(tcp.get(0)));
        environment.put("FILES_PORT", String.valueOf(tcp.get(1)));
        environment.put("FILES_HTTP_PORT", String.valueOf(tcp.get(2)));
        environment.put("WEB_PORT", String.valueOf(tcp.get(3)));
        environment.put("WEB_HTTP_PORT", String.valueOf(tcp.get(4)));
        // The profiles a team runs with: a second chat node on Redis (cluster) and Prometheus (monitoring).
        environment.put("COMPOSE_PROFILES", "cluster,monitoring");
        environment.put("CHAT_CLUSTER_ENABLED", "true");
        environment.put("CHAT_2_PORT", String.valueOf(RepositoryFiles.freeUdpPort()));
        environment.put("CHAT_2_HTTP_PORT", String.valueOf(tcp.get(5)));
        environment.put("PROMETHEUS_PORT", String.valueOf(tcp.get(6)));
        environment.put("CHAT_CLUSTER_SECRET_FILE", secretFile(work, "chat-cluster-secret").toString());
        environment.put("REDIS_PASSWORD_FILE", secretFile(work, "redis-password").toString());
        Path secret = work.resolve("chat-admin-password");
        Files.writeString(secret, adminPassword + "\n");
        environment.put("CHAT_ADMIN_PASSWORD_FILE", secret.toString());
        // The secret is what is tested: a password set in the developer's shell would win over it.
        environment.remove("CHAT_ADMIN_PASSWORD");
        environment.remove("COMPOSE_FILE");

        DockerComposeStack stack = new DockerComposeStack(docker, compose, environment, work);
        stack.requireBaseImage("JDK_IMAGE");
        stack.requireBaseImage("JRE_IMAGE");
        stack.requireImage("REDIS_IMAGE", composeDefault("REDIS_IMAGE"));
        stack.requireImage("PROMETHEUS_IMAGE", composeDefault("PROMETHEUS_IMAGE"));
        return stack;
    }

    /**
     * The profile {@code scale} alone: HAProxy on free ports of 127.0.0.1 (WEB_SCALE_PORT, WEB_SCALE_STATS_PORT) in
     * front of the web replicas. Started with {@code up haproxy}, it runs HAProxy and the replicas only.
     */
    static DockerComposeStack prepareScale(Path work) throws IOException, InterruptedException {
        String docker = engine();
        Map<String, String> environment = new HashMap<>(System.getenv());
        List<Integer> tcp = RepositoryFiles.freeTcpPorts(2);
        environment.put("PUBLISH_ADDRESS", "127.0.0.1");
        environment.put("MANAGEMENT_ADDRESS", "127.0.0.1");
        environment.put("COMPOSE_PROFILES", "scale");
        environment.put("WEB_SCALE_PORT", String.valueOf(tcp.get(0)));
        environment.put("WEB_SCALE_STATS_PORT", String.valueOf(tcp.get(1)));
        environment.remove("COMPOSE_FILE");
        environment.remove("WEB_REPLICAS");
        environment.remove("WEB_SCALE_TRUSTED");
        DockerComposeStack stack = new DockerComposeStack(docker, findCompose(docker), environment, work);
        stack.requireBaseImage("JDK_IMAGE");
        stack.requireBaseImage("JRE_IMAGE");
        stack.requireImage("HAPROXY_IMAGE", composeDefault("HAPROXY_IMAGE"));
        return stack;
    }

    /**
     * The profile {@code scale}'s file side: HAProxy ({@code files-haproxy}) on free ports of 127.0.0.1
     * (FILES_SCALE_PORT, FILES_SCALE_TLS_PORT, FILES_SCALE_STATS_PORT) in front of the file replicas, with fresh
     * secrets for PostgreSQL and the S3 user and a development certificate (scripts/dev-ca.sh) in {@code work/tls}.
     * Started with {@code up files-haproxy}, it runs HAProxy, the replicas, postgres and ceph only.
     */
    static DockerComposeStack prepareFilesScale(Path work) throws IOException, InterruptedException {
        String docker = engine();
        Map<String, String> environment = new HashMap<>(System.getenv());
        List<Integer> tcp = RepositoryFiles.freeTcpPorts(3);
        environment.put("PUBLISH_ADDRESS", "127.0.0.1");
        environment.put("MANAGEMENT_ADDRESS", "127.0.0.1");
        environment.put("COMPOSE_PROFILES", "scale");
        environment.put("FILES_SCALE_PORT", String.valueOf(tcp.get(0)));
        environment.put("FILES_SCALE_TLS_PORT", String.valueOf(tcp.get(1)));
        environment.put("FILES_SCALE_STATS_PORT", String.valueOf(tcp.get(2)));
        environment.put("FILES_DB_PASSWORD_FILE", secretFile(work, "files-db-password").toString());
        environment.put("FILES_S3_SECRET_KEY_FILE", secretFile(work, "files-s3-secret-key").toString());
        Path tls = work.resolve("tls");
        Cli.require("openssl", "openssl");
        Cli.Result ca = Cli.run(List.of(RepositoryFiles.root().resolve("scripts/dev-ca.sh").toString(), tls.toString(), "localhost"),
                new byte[0], Duration.ofMinutes(1));
        if (ca.exitCode() != 0) {
            fail("scripts/dev-ca.sh failed: " + ca.stderr());
        }
        // The replicas run as uid 10001 and read the folder through a bind mount: it and the key must be readable to them.
        Files.setPosixFilePermissions(tls, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(tls.resolve("server.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        environment.put("FILES_SCALE_TLS_DIR", tls.toString());
        for (String variable : List.of("COMPOSE_FILE", "FILES_REPLICAS", "FILES_SCALE_TRUSTED", "FILES_S3_ACCESS_KEY", "CEPH_STORE_BYTES")) {
            environment.remove(variable);
        }
        DockerComposeStack stack = new DockerComposeStack(docker, findCompose(docker), environment, work);
        stack.requireBaseImage("JDK_IMAGE");
        stack.requireBaseImage("JRE_IMAGE");
        stack.requireImage("HAPROXY_IMAGE", composeDefault("HAPROXY_IMAGE"));
        stack.requireImage("POSTGRES_IMAGE", composeDefault("POSTGRES_IMAGE"));
        stack.requireImage("CEPH_IMAGE", composeDefault("CEPH_IMAGE"));
        return stack;
    }

    /** A file of the work folder (the development CA's {@code tls/ca.pem}...). */
    Path workFile(String name) {
        return work.resolve(name);
    }

    /** The containers of a service that runs as several replicas ({@code web-replica}), running or not. */
    List<String> replicas(String service) throws IOException, InterruptedException {
        return composeOk(Duration.ofMinutes(1), "ps", "-q", service).out().lines().filter(line -> !line.isBlank()).toList();
    }

    /** The docker CLI, with an engine that answers it. */
    private static String engine() throws IOException, InterruptedException {
        String docker = Cli.require("docker", "docker.io");
        Cli.Result info = Cli.run(docker, "info", "--format", "{{.ServerVersion}}");
        if (info.exitCode() != 0 || info.out().isBlank()) {
            fail("No Docker Engine answers `docker info` (" + (info.stderr() + info.out()).strip() + "): "
                    + "start one as root (dockerd >/tmp/dockerd.log 2>&1 &; .ci/run does)");
        }
        return docker;
    }

    /** A file holding a fresh random secret (a UUID twice: 72 characters, over the cluster secret's 32). */
    private static Path secretFile(Path work, String name) throws IOException {
        return Files.writeString(work.resolve(name), UUID.randomUUID() + "-" + UUID.randomUUID() + "\n");
    }

    /** The content of a secret file the stack was given ({@code CHAT_CLUSTER_SECRET_FILE}...), without its newline. */
    String secret(String variable) throws IOException {
        return Files.readString(Path.of(environment.get(variable))).strip();
    }

    /** The default docker-compose.yml gives an image: {@code image: ${REDIS_IMAGE:-redis:7}}. */
    private static String composeDefault(String variable) throws IOException {
        String file = Files.readString(RepositoryFiles.root().resolve("docker-compose.yml"));
        Matcher image = Pattern.compile("image: \\$\\{" + variable + ":-([^}]+)}").matcher(file);
        if (!image.find()) {
            throw new IllegalStateException("docker-compose.yml names no default for " + variable);
        }
        return image.group(1);
    }

    /** {@code docker compose} (v2) where the plugin is installed, else Debian's {@code docker-compose} 1.29. */
    private static List<String> findCompose(String docker) throws IOException, InterruptedException {
        if (Cli.run(docker, "compose", "version").exitCode() == 0) {
            return List.of(docker, "compose");
        }
        Path v1 = RepositoryFiles.onPath("docker-compose");
        if (v1 == null) {
            fail("Neither `docker compose` (v2) nor docker-compose is installed: install the Debian package "
                    + "docker-compose (.ci/run installs it)");
        }
        return List.of(v1.toString());
    }

    /** The base image the build will use: present, or pulled now, or the test fails saying how to get one. */
    private void requireBaseImage(String variable) throws IOException, InterruptedException {
        requireImage(variable, dockerfileDefault(variable));
    }

    /** An image the stack runs or builds on, named by a variable or else its default: here, pulled, or the test fails. */
    private void requireImage(String variable, String byDefault) throws IOException, InterruptedException {
        String image = environment.getOrDefault(variable, "");
        if (image.isBlank()) {
            image = byDefault;
        }
        if (Cli.run(docker, "image", "inspect", image).exitCode() == 0) {
            return;
        }
        Cli.Result pull = Cli.run(List.of(docker, "pull", image), new byte[0], Duration.ofMinutes(5));
        if (pull.exitCode() != 0) {
            fail(variable + "=" + image + " is not here and cannot be pulled (" + pull.stderr().strip() + "): "
                    + "build the stand-in base images with `eval \"$(scripts/base-images.sh)\"` (as root; .ci/run does) "
                    + "and run the tests with the JDK_IMAGE, JRE_IMAGE, REDIS_IMAGE, PROMETHEUS_IMAGE and HAPROXY_IMAGE it prints");
        }
    }

    /** The default the Dockerfile gives a base image: {@code FROM ${JDK_IMAGE:-eclipse-temurin:25-jdk}}. */
    private static String dockerfileDefault(String variable) throws IOException {
        String dockerfile = Files.readString(RepositoryFiles.root().resolve("Dockerfile"));
        Matcher from = Pattern.compile("FROM \\$\\{" + variable + ":-([^}]+)}").matcher(dockerfile);
        if (!from.find()) {
            throw new IllegalStateException("The Dockerfile names no default for " + variable);
        }
        return from.group(1);
    }

    String project() {
        return project;
    }

    int port(String variable) {
        return Integer.parseInt(environment.get(variable));
    }

    /** Runs {@code docker compose -p <project> <arguments>}; its output goes to compose.log and the result. */
    Cli.Result compose(Duration timeout, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-p", project, "-f", RepositoryFiles.root().resolve("docker-compose.yml").toString()));
        command.addAll(List.of(arguments));
        return run(command, timeout);
    }

    /** Runs the docker CLI itself. */
    Cli.Result docker(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(docker));
        command.addAll(List.of(arguments));
        return run(command, Duration.ofMinutes(1));
    }

    private Cli.Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile(work, "command-", ".out");
        Path errors = Files.createTempFile(work, "command-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(RepositoryFiles.root().toFile())
                .redirectOutput(output.toFile()).redirectError(errors.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("%s did not finish within %s:%n%s".formatted(command, timeout, tail(errors)));
        }
        Cli.Result result = new Cli.Result(process.exitValue(), Files.readAllBytes(output),
                Files.readString(errors, StandardCharsets.UTF_8));
        Files.writeString(work.resolve("compose.log"), "$ " + String.join(" ", command) + "\n"
                + result.out() + result.stderr(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Files.delete(output);
        Files.delete(errors);
        return result;
    }

    /** Runs a compose command that must succeed; a failure shows the end of its output. */
    Cli.Result composeOk(Duration timeout, String... arguments) throws IOException, InterruptedException {
        Cli.Result result = compose(timeout, arguments);
        if (result.exitCode() != 0) {
            fail("compose %s exited with %d:%n%s".formatted(String.join(" ", arguments), result.exitCode(),
                    lastLines(result.out() + result.stderr(), 60)));
        }
        return result;
    }

    /** The container of a service ({@code chat}, {@code files}, {@code web}); a restart keeps it. */
    String container(String service) throws IOException, InterruptedException {
        String id = containers.get(service);
        if (id == null) {
            id = composeOk(Duration.ofMinutes(1), "ps", "-q", service).out().strip();
            containers.put(service, id);
        }
        return id;
    }

    /** {@code {{.State.Health.Status}}} and the like, for the container of a service. */
    String inspect(String service, String format) throws IOException, InterruptedException {
        return docker("inspect", "--format", format, container(service)).out().strip();
    }

    /** What the container of a service printed, exactly as it printed it (no compose prefix), stdout and stderr. */
    String rawLogs(String service) throws IOException, InterruptedException {
        Cli.Result logs = docker("logs", container(service));
        return logs.out() + logs.stderr();
    }

    String logs(String service) throws IOException, InterruptedException {
        return composeOk(Duration.ofMinutes(1), "logs", "--no-color", service).out();
    }

    /** Objects of a kind ({@code container}, {@code network}, {@code volume}) that still carry the project's label. */
    List<String> leftovers(String kind) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(kind, "ls", "-q", "--filter", "label=com.docker.compose.project=" + project));
        if (kind.equals("container")) {
            arguments.add(2, "-a");
        }
        return docker(arguments.toArray(String[]::new)).out().lines().filter(line -> !line.isBlank()).toList();
    }

    private static String tail(Path file) throws IOException {
        return lastLines(Files.readString(file, StandardCharsets.UTF_8), 60);
    }

    private static String lastLines(String text, int count) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** Takes everything down (containers, network, volume), whatever state the stack is in. */
    @Override
    public void close() throws IOException, InterruptedException {
        compose(Duration.ofMinutes(2), "down", "-v", "--remove-orphans", "--timeout", "40");
    }
}
