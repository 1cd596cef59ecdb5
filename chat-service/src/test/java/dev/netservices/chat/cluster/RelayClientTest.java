package dev.netservices.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.tracing.MicrometerTracing;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import dev.netservices.common.time.ServiceClock;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.RedisClientInfo;

/**
 * The relay's own client, against a real redis-server, beside a node client built as Spring Boot builds it (Lettuce's
 * Micrometer observation on every command, the node's I/O threads): the relay's PUBLISH and XADD reach Redis under the
 * node's settings, on the node's one I/O thread, and are not observed per command, while the node's other commands
 * still are.
 */
class RelayClientTest {

    private static final String STREAM = "chat:history:lobby";

    @Test
    void theRelaysCommandsGoOnTheNodesSettingsAndThreadWithoutPerCommandObservationTheOthersKeepIt() throws Exception {
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        try (ObservedNode observed = new ObservedNode("chat-node-x")) {
            RelayClient relay = RelayClient.onLettuce(observed.node, observed.threads);
            try {
                StringRedisTemplate template = publishOneLine(relay, observed.node, "node-x", failures);

                LettuceConnectionFactory own = (LettuceConnectionFactory) ((LettuceRelayLink) relay.link()).connections();
                assertThat(own).as("a client of the relay's own").isNotSameAs(observed.node);
                assertThat(clientsNamed(template, "chat-node-x"))
                        .as("both connections carry the node's client name: the relay's took the node's settings").hasSize(2);
                assertThat(observed.operationsObserved()).as("commands observed per command")
                        .contains("XLEN").doesNotContain("PUBLISH", "XADD");
                assertThat(observed.resources.ioThreadPoolSize()).isEqualTo(1);
                assertThat(own.getClientResources().eventLoopGroupProvider())
                        .as("the node's I/O threads").isSameAs(observed.resources.eventLoopGroupProvider());
                assertThat(failures).isEmpty();
            } finally {
                relay.destroy();
            }
            assertThat(observed.resources.eventExecutorGroup().isShuttingDown()).as("the relay left the node's executor running")
                    .isFalse();
        }
    }

    @Test
    void onAPlainStandaloneRedisTheRelayHasASocketOfItsOwnWithTheNodesNameAndNoPerCommandObservation() throws Exception {
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        try (ObservedNode observed = new ObservedNode("chat-node-s")) {
            RelayClient relay = RelayClient.beside(observed.node, observed.threads);
            try {
                assertThat(relay.link()).as("the relay's own socket").isInstanceOf(RelaySocket.class);
                StringRedisTemplate template = publishOneLine(relay, observed.node, "node-s", failures);

                assertThat(clientsNamed(template, "chat-node-s"))
                        .as("both connections carry the node's client name: the relay's took the node's settings").hasSize(2);
                assertThat(observed.operationsObserved()).as("commands observed per command")
                        .contains("XLEN").doesNotContain("PUBLISH", "XADD");
                assertThat(failures).isEmpty();
            } finally {
                relay.destroy();
            }
        }
    }

    /** Keeps and publishes one line through the relay, and waits until Redis holds it (an XLEN on the node's client). */
    private static StringRedisTemplate publishOneLine(RelayClient relay, LettuceConnectionFactory node, String nodeId,
            Map<String, Integer> failures) {
        StringRedisTemplate template = new StringRedisTemplate(node);
        RelaySeal seal = new RelaySeal(ClusterSecret.of(ChatNode.CLUSTER_SECRET, List.of()), 65507, 60_000);
        RelayPublisher publisher = new RelayPublisher(relay.link(), ClusterConfiguration.TOPIC, nodeId,
                ServiceClock.SYSTEM, seal, new CountedRelayFailures(failures), 20);
        publisher.keep(STREAM, System.currentTimeMillis(), "alice : hi");
        publisher.publish(RelayMessage.Kind.LINE, "alice : hi");
        await().atMost(Duration.ofSeconds(10)).until(() -> template.opsForStream().size(STREAM) == 1);
        return template;
    }

    private static List<RedisClientInfo> clientsNamed(StringRedisTemplate template, String name) {
        RedisCallback<List<RedisClientInfo>> clients = connection -> connection.serverCommands().getClientList();
        return template.execute(clients).stream().filter(client -> name.equals(client.getName())).toList();
    }

    /**
     * A real redis-server and a node's client to it as Spring Boot builds one: Lettuce's Micrometer observation on
     * every command, the node's one I/O thread.
     */
    private static final class ObservedNode implements AutoCloseable {
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final LettuceIoThreads threads = new LettuceIoThreads(1);
        final ClientResources resources;
        final RedisServer redis;
        final LettuceConnectionFactory node;

        ObservedNode(String clientName) throws Exception {
            ObservationRegistry observations = ObservationRegistry.create();
            observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
            ClientResources.Builder builder = ClientResources.builder().tracing(new MicrometerTracing(observations, "Redis"));
            threads.customize(builder);
            resources = builder.build();
            redis = RedisServer.start();
            node = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()),
                    LettuceClientConfiguration.builder().clientResources(resources).clientName(clientName).build());
            node.afterPropertiesSet();
            node.start();
        }

        List<String> operationsObserved() {
            return meters.getMeters().stream().filter(meter -> meter.getId().getName().equals("lettuce"))
                    .map(Meter::getId).map(id -> id.getTag("db.operation")).toList();
        }

        @Override
        public void close() throws Exception {
            try {
                node.destroy();
                redis.close();
            } finally {
                resources.shutdown(0, 2, TimeUnit.SECONDS).get();
                threads.destroy();
            }
        }
    }
}
