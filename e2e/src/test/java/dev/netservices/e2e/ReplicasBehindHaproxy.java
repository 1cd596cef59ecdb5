package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

/**
 * One side of docker-compose.yml's profile {@code scale} on a real Docker Engine: the replicas of a service behind the
 * real HAProxy. HAProxy's view of them (each server's status, address and session count) is read from its stats page,
 * CSV, on its published port of 127.0.0.1.
 */
final class ReplicasBehindHaproxy {

    /** A server of one of HAProxy's backends (from its stats page, CSV): status (UP, DOWN...), address, sessions so far. */
    record Server(String name, String status, String address, long sessions) {
    }

    /** How a side of the profile is prepared in its work folder ({@code DockerComposeStack::prepareScale}...). */
    interface Preparation {
        DockerComposeStack prepare(Path work) throws IOException, InterruptedException;
    }

    private final Path work;
    private final DockerComposeStack stack;
    private final String replicaService;
    private final String statsPortVariable;
    private List<String> replicas = List.of();

    private ReplicasBehindHaproxy(Path work, DockerComposeStack stack, String replicaService, String statsPortVariable) {
        this.work = work;
        this.stack = stack;
        this.replicaService = replicaService;
        this.statsPortVariable = statsPortVariable;
    }

    /**
     * The stack, prepared by {@code preparation} in a new work folder named from {@code workPrefix}, of the replicas
     * of {@code replicaService}, its HAProxy's stats on the port {@code statsPortVariable} names. Nothing runs yet.
     */
    static ReplicasBehindHaproxy prepare(String workPrefix, Preparation preparation, String replicaService,
            String statsPortVariable) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(workPrefix);
        try {
            return new ReplicasBehindHaproxy(work, preparation.prepare(work), replicaService, statsPortVariable);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            WorkFolder.remove(work);
            throw e;
        }
    }

    DockerComposeStack stack() {
        return stack;
    }

    /** The replicas' containers, once {@link #up} has found them. */
    List<String> replicas() {
        return replicas;
    }

    /**
     * Builds and starts {@code haproxyService} and what it depends on (the replicas and theirs; not the other services),
     * then waits until {@code count} replicas are healthy and UP in every one of {@code backends}.
     */
    void up(String haproxyService, int count, List<String> backends) throws Exception {
        stack.composeOk(Duration.ofMinutes(30), "up", "-d", "--build", haproxyService);
        replicas = stack.replicas(replicaService);
        assertThat(replicas).hasSize(count);
        // Two or three JVMs (and on the file side a PostgreSQL and a Ceph) starting at once on two busy cores: a
        // generous bound, as in DockerComposeStackTest.
        Awaitility.await("every replica healthy and UP in HAProxy's backends " + backends).atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    for (String replica : replicas) {
                        assertThat(stack.docker("inspect", "--format", "{{.State.Health.Status}}", replica).out().strip())
                                .as(replica).isEqualTo("healthy");
                    }
                    for (String backend : backends) {
                        assertThat(servers(backend).values()).as(backend).extracting(Server::status)
                                .containsOnly("UP").hasSize(count);
                    }
                });
    }

    /** The servers of a backend that have an address, by name (slots without a replica are in maintenance). */
    Map<String, Server> servers(String backend) throws Exception {
        String curl = Cli.require("curl", "curl");
        String csv = Cli.run(curl, "-s", "http://127.0.0.1:" + stack.port(statsPortVariable) + "/;csv").out();
        List<String> header = List.of(csv.lines().findFirst().orElse("").replaceFirst("^# ", "").split(","));
        int proxy = header.indexOf("pxname");
        int server = header.indexOf("svname");
        int status = header.indexOf("status");
        int address = header.indexOf("addr");
        int total = header.indexOf("stot");
        Map<String, Server> servers = new HashMap<>();
        for (String row : csv.lines().skip(1).toList()) {
            String[] fields = row.split(",", -1);
            if (fields.length > address && fields[proxy].equals(backend) && fields[server].startsWith(replicaService + "-")
                    && !fields[status].startsWith("MAINT")) {
                servers.put(fields[server], new Server(fields[server], fields[status], fields[address],
                        fields[total].isEmpty() ? 0 : Long.parseLong(fields[total])));
            }
        }
        return servers;
    }

    /**
     * Takes the stack down, checks it left no container, network or volume behind, and removes its work folder;
     * null (a set-up that failed before there was one) is nothing to do.
     */
    static void takeDown(ReplicasBehindHaproxy scale) throws Exception {
        if (scale == null) {
            return;
        }
        try {
            scale.stack.close();
            for (String kind : List.of("container", "network", "volume")) {
                assertThat(scale.stack.leftovers(kind)).as(kind + "s of project " + scale.stack.project()).isEmpty();
            }
        } finally {
            WorkFolder.remove(scale.work);
        }
    }
}
