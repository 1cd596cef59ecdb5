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
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        LettuceIoThreads threads = new LettuceIoThreads(1);
        ClientResources.Builder builder = ClientResources.builder().tracing(new MicrometerTracing(observations, "Redis"));
        threads.customize(builder);
        ClientResources resources = builder.build();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        try (RedisServer redis = RedisServer.start()) {
            LettuceConnectionFactory node = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()),
                    LettuceClientConfiguration.builder().clientResources(resources).clientName("chat-node-x").build());
            node.afterPropertiesSet();
            node.start();
            RelayClient relay = RelayClient.onLettuce(node, threads);
            try {
                StringRedisTemplate template = new StringRedisTemplate(node);
                RelaySeal seal = new RelaySeal(ClusterSecret.of(ChatNode.CLUSTER_SECRET, List.of()), 65507, 60_000);
                RelayPublisher publisher = new RelayPublisher(relay.link(), ClusterConfiguration.TOPIC, "node-x",
                        ServiceClock.SYSTEM, seal, new CountedRelayFailures(failures), 20);
                publisher.keep(STREAM, System.currentTimeMillis(), "alice : hi");
                publisher.publish(RelayMessage.Kind.LINE, "alice : hi");
                await().atMost(Duration.ofSeconds(10)).until(() -> template.opsForStream().size(STREAM) == 1);

                LettuceConnectionFactory own = (LettuceConnectionFactory) ((LettuceRelayLink) relay.link()).connections();
                assertThat(own).as("a client of the relay's own").isNotSameAs(node);
                RedisCallback<List<RedisClientInfo>> clients = connection -> connection.serverCommands().getClientList();
                assertThat(template.execute(clients))
                        .as("both connections carry the node's client name: the relay's took the node's settings")
                        .filteredOn(client -> "chat-node-x".equals(client.getName())).hasSize(2);
                assertThat(operationsObserved(meters)).as("commands observed per command")
                        .contains("XLEN").doesNotContain("PUBLISH", "XADD");
                assertThat(resources.ioThreadPoolSize()).isEqualTo(1);
                assertThat(own.getClientResources().eventLoopGroupProvider())
                        .as("the node's I/O threads").isSameAs(resources.eventLoopGroupProvider());
                assertThat(failures).isEmpty();
            } finally {
                relay.destroy();
                node.destroy();
            }
            assertThat(resources.eventExecutorGroup().isShuttingDown()).as("the relay left the node's executor running").isFalse();
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS).get();
            threads.destroy();
        }
    }

    @Test
    void onAPlainStandaloneRedisTheRelayHasASocketOfItsOwnWithTheNodesNameAndNoPerCommandObservation() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        LettuceIoThreads threads = new LettuceIoThreads(1);
        ClientResources.Builder builder = ClientResources.builder().tracing(new MicrometerTracing(observations, "Redis"));
        threads.customize(builder);
        ClientResources resources = builder.build();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        try (RedisServer redis = RedisServer.start()) {
            LettuceConnectionFactory node = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()),
                    LettuceClientConfiguration.builder().clientResources(resources).clientName("chat-node-s").build());
            node.afterPropertiesSet();
            node.start();
            RelayClient relay = RelayClient.beside(node, threads);
            try {
                assertThat(relay.link()).as("the relay's own socket").isInstanceOf(RelaySocket.class);
                StringRedisTemplate template = new StringRedisTemplate(node);
                RelaySeal seal = new RelaySeal(ClusterSecret.of(ChatNode.CLUSTER_SECRET, List.of()), 65507, 60_000);
                RelayPublisher publisher = new RelayPublisher(relay.link(), ClusterConfiguration.TOPIC, "node-s",
                        ServiceClock.SYSTEM, seal, new CountedRelayFailures(failures), 20);
                publisher.keep(STREAM, System.currentTimeMillis(), "alice : hi");
                publisher.publish(RelayMessage.Kind.LINE, "alice : hi");
                await().atMost(Duration.ofSeconds(10)).until(() -> template.opsForStream().size(STREAM) == 1);

                RedisCallback<List<RedisClientInfo>> clients = connection -> connection.serverCommands().getClientList();
                assertThat(template.execute(clients))
                        .as("both connections carry the node's client name: the relay's took the node's settings")
                        .filteredOn(client -> "chat-node-s".equals(client.getName())).hasSize(2);
                assertThat(operationsObserved(meters)).as("commands observed per command")
                        .contains("XLEN").doesNotContain("PUBLISH", "XADD");
                assertThat(failures).isEmpty();
            } finally {
                relay.destroy();
                node.destroy();
            }
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS).get();
            threads.destroy();
        }
    }

    private static List<String> operationsObserved(SimpleMeterRegistry meters) {
        return meters.getMeters().stream().filter(meter -> meter.getId().getName().equals("lettuce"))
                .map(Meter::getId).map(id -> id.getTag("db.operation")).toList();
    }
}
