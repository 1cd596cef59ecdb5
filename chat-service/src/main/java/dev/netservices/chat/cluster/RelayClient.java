package dev.netservices.chat.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.SocketOptions;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.tracing.Tracing;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The relay's own Redis client, for the commands each line costs (its {@code PUBLISH}, and the script that keeps its
 * history), on the node's Redis settings as Spring Boot built them from {@code spring.data.redis.*}, without Lettuce's
 * per-command observation. Where the node reaches one standalone Redis without TLS (the usual case, and the compose
 * file's), it is a plain socket of the relay's own ({@link RelaySocket}: address, user and password, database, client
 * name, connect and command timeouts), written by the publishing thread itself, so that a line costs no Lettuce I/O
 * thread wake-up on the sending node. Otherwise (TLS and its bundle, Sentinel, Redis Cluster, a Unix socket, a
 * credentials provider) it is a Lettuce client with the node's settings and client options (such as failing fast while
 * disconnected) on the node's Lettuce I/O threads ({@link LettuceIoThreads}).
 *
 * <p>Why: Spring Boot observes every Lettuce command (the {@code lettuce} timer and {@code lettuce.active}, tagged by
 * command and peer), and the cluster bench's profile of the sending node showed about a third of its Lettuce thread's
 * samples in that observation (tags built, timers looked up and recorded per command) for one PUBLISH and one XADD a
 * line. The relay is measured by its own meters instead ({@code chat.relay.messages}, {@code chat.redis.errors} with
 * {@code publish} and {@code history}, and {@code chat.relay.lag} on the receiving node); every other command of the
 * node (names, heartbeats, history reads, bans, the subscription) keeps Boot's observation on the shared client.
 *
 * <p>One more connection to Redis per node, under the same user and client name. With a Redis connection factory that is not
 * Lettuce's, the relay uses that factory as it is.
 */
final class RelayClient implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RelayClient.class);

    private final RelayLink link;
    /** The relay's own Lettuce client and resources, or null when it uses its socket or the node's factory. */
    private final LettuceConnectionFactory own;
    private final ClientResources resources;

    private RelayClient(RelayLink link, LettuceConnectionFactory own, ClientResources resources) {
        this.link = link;
        this.own = own;
        this.resources = resources;
    }

    /**
     * A client of the relay's own beside {@code node}'s: its own plain socket ({@link RelaySocket}) where the node
     * connects to one standalone Redis without TLS, else a Lettuce client sharing {@code threads}; connected now when
     * Redis answers.
     */
    static RelayClient beside(RedisConnectionFactory node, LettuceIoThreads threads) {
        if (!(node instanceof LettuceConnectionFactory lettuce) || lettuce.getClientResources() == null) {
            return new RelayClient(new LettuceRelayLink(node), null, null);
        }
        RelaySocket.Settings plain = plainSettings(lettuce);
        if (plain != null) {
            try {
                return new RelayClient(RelaySocket.open(plain), null, null);
            } catch (IOException e) {
                throw new UncheckedIOException("the relay's socket could not be made", e);
            }
        }
        return onLettuce(lettuce, threads);
    }

    /** A Lettuce client of the relay's own with {@code lettuce}'s settings, on {@code threads}, not observed per command. */
    static RelayClient onLettuce(LettuceConnectionFactory lettuce, LettuceIoThreads threads) {
        ClientResources shared = lettuce.getClientResources();
        // A copy of the node's resources (event bus, resolvers, reconnect delay, Netty customizer), each part marked
        // as shared (executor, timer, I/O threads), so that shutting the copy down stops nothing of the node's.
        ClientResources.Builder builder = shared.mutate()
                .eventExecutorGroup(shared.eventExecutorGroup())
                .timer(shared.timer())
                .tracing(Tracing.disabled())
                .commandLatencyRecorder(CommandLatencyRecorder.disabled());
        threads.customize(builder);
        ClientResources resources = builder.build();
        LettuceConnectionFactory own = new LettuceConnectionFactory(redisOf(lettuce),
                copy(lettuce.getClientConfiguration(), resources));
        own.afterPropertiesSet();
        own.start();
        try (RedisConnection connection = own.getConnection()) {
            connection.getNativeConnection(); // connects the shared connection now, not on the first line's thread
        } catch (RuntimeException e) {
            // Redis away at start: the first publication connects (or fails and is counted), as on the node's client.
            log.debug("relay connection not made at start: {}", e.toString());
        }
        return new RelayClient(new LettuceRelayLink(own), own, resources);
    }

    /**
     * The settings of the relay's socket: the node's standalone Redis, user, password, database, client name and time
     * limits as Spring Boot built them; null where the socket does not serve (TLS, Sentinel, Redis Cluster, a Unix
     * socket, a credentials provider), which keeps the relay on Lettuce.
     */
    static RelaySocket.Settings plainSettings(LettuceConnectionFactory node) {
        LettuceClientConfiguration settings = node.getClientConfiguration();
        if (node.getSentinelConfiguration() != null || node.getClusterConfiguration() != null
                || node.getSocketConfiguration() != null || settings.isUseSsl()
                || settings.getRedisCredentialsProviderFactory().isPresent()) {
            return null;
        }
        RedisStandaloneConfiguration redis = node.getStandaloneConfiguration();
        Duration connectTimeout = settings.getClientOptions().map(options -> options.getSocketOptions().getConnectTimeout())
                .orElse(SocketOptions.DEFAULT_CONNECT_TIMEOUT_DURATION);
        return new RelaySocket.Settings(redis.getHostName(), redis.getPort(), redis.getUsername(),
                redis.getPassword().toOptional().orElse(null), redis.getDatabase(), settings.getClientName().orElse(null),
                connectTimeout, settings.getCommandTimeout());
    }

    /** Where the relay's commands go. */
    RelayLink link() {
        return link;
    }

    @Override
    public void destroy() {
        link.close();
        if (own != null) {
            own.destroy();
            resources.shutdown(); // stops nothing shared: the copy's threads, timer and executor are the node's
        }
    }

    private static RedisConfiguration redisOf(LettuceConnectionFactory node) {
        if (node.getSentinelConfiguration() != null) {
            return node.getSentinelConfiguration();
        }
        if (node.getClusterConfiguration() != null) {
            return node.getClusterConfiguration();
        }
        if (node.getSocketConfiguration() != null) {
            return node.getSocketConfiguration();
        }
        return node.getStandaloneConfiguration();
    }

    /** {@code settings} with {@code resources} instead of their own, everything else as it was. */
    static LettuceClientConfiguration copy(LettuceClientConfiguration settings, ClientResources resources) {
        LettuceClientConfiguration.LettuceClientConfigurationBuilder copy = LettuceClientConfiguration.builder();
        if (settings.isUseSsl()) {
            LettuceClientConfiguration.LettuceSslClientConfigurationBuilder ssl = copy.useSsl().verifyPeer(settings.getVerifyMode());
            if (settings.isStartTls()) {
                ssl.startTls();
            }
        }
        settings.getClientOptions().ifPresent(copy::clientOptions);
        settings.getClientName().ifPresent(copy::clientName);
        settings.getReadFrom().ifPresent(copy::readFrom);
        settings.getRedisCredentialsProviderFactory().ifPresent(copy::redisCredentialsProviderFactory);
        return copy.clientResources(resources).commandTimeout(settings.getCommandTimeout())
                .shutdownTimeout(settings.getShutdownTimeout()).shutdownQuietPeriod(settings.getShutdownQuietPeriod())
                .build();
    }
}
