package dev.netservices.chat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import dev.netservices.chat.room.ChatLimits;
import dev.netservices.chat.udp.UdpSettings;
import dev.netservices.common.admin.AdminLogin;
import dev.netservices.common.server.Threads;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the chat service ({@code chat.*}), each default written here and only here; a bad value
 * stops start-up with the setting's name. Validation is Bean Validation on the components, Durations included
 * (Hibernate Validator's {@code @DurationMin}/{@code @DurationMax}).
 *
 * @param address the address the room's UDP sockets bind to (an IP literal or a host name); unset: every
 *        interface, as a container needs
 * @param port UDP port of the room; 0 picks any free port
 * @param maxMembers members the room holds at once; a join past it is refused with "room is full"
 * @param idleTimeout a member silent this long is removed and the others are told
 * @param maxDatagramBytes largest datagram accepted; a longer one is answered with an error, never truncated
 * @param locale language of the room's texts ({@code en}, or {@code zh-CN} for the original's exact texts)
 * @param receivers receive threads, each with its own socket on the port; the kernel keeps each sender on one
 *        of them, so one sender's datagrams are handled in order and different senders in parallel (0 = one per core)
 * @param maxLinesPerDatagram lines one datagram may hold (a paste into {@code nc -u}): each is taken on its own;
 *        a datagram with more is refused whole
 * @param history what each room replays to whoever enters it
 * @param flood per-member token bucket, and the bound on replies to addresses that are not members
 * @param admin credentials of the admin REST API and actuator
 * @param cluster one room across nodes
 */
@Validated
@ConfigurationProperties("chat")
public record ChatProperties(
        InetAddress address,
        @DefaultValue("8000") @Min(0) @Max(65535) int port,
        @DefaultValue("100") @Min(1) @Max(10000) int maxMembers,
        @DefaultValue("5m") @NotNull @DurationMin(millis = 50) @DurationMax(days = 7) Duration idleTimeout,
        @DefaultValue("8192") @Min(64) @Max(65507) int maxDatagramBytes,
        @DefaultValue("en") @NotNull Locale locale,
        @DefaultValue("0") @Min(0) @Max(64) int receivers,
        @DefaultValue("10") @Min(1) @Max(100) int maxLinesPerDatagram,
        @DefaultValue @NotNull @Valid History history,
        @DefaultValue @NotNull @Valid Flood flood,
        @DefaultValue @NotNull @Valid Admin admin,
        @DefaultValue @NotNull @Valid Cluster cluster) {

    /**
     * What was said lately in each room, replayed to whoever enters it.
     *
     * @param lines lines replayed per room (0: none kept, none replayed); on one node kept in memory, with the
     *        cluster on in a Redis Stream per room ({@code chat:history:<room>}) that survives a node's restart; either
     *        way within 1,000 rooms and 8 Mi characters over all rooms ({@code History.MAX_ROOMS}, {@code MAX_CHARS})
     */
    public record History(@DefaultValue("20") @Min(0) @Max(1000) int lines) {
    }

    /**
     * One room across several nodes on Redis (connection: Spring Boot's {@code spring.data.redis.*}).
     *
     * @param enabled off (the default): one node, no Redis needed or contacted
     * @param nodeTimeout a node silent this long is taken for dead: its members are removed and their names freed;
     *        each node writes its heartbeat at a third of it
     * @param nodeName how this node is named to the others and in member lists; blank means host name and process id
     * @param secret the secret every node of the room shares: relay messages are sealed with it (HMAC-SHA256) and
     *        refused on arrival without its seal; required with the cluster on, at least 32 characters
     * @param acceptedSecrets further secrets accepted on arrival but never used to seal: the next one before a
     *        rotation, the previous one after it (docs/chat-protocol.md)
     */
    public record Cluster(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("15s") @NotNull @DurationMin(millis = 300) @DurationMax(hours = 1) Duration nodeTimeout,
            @Pattern(regexp = "[A-Za-z0-9._-]{0,64}", message = "may hold only letters, digits, '.', '_' and '-' (at most 64)")
            String nodeName,
            String secret,
            List<String> acceptedSecrets) {

        public Cluster {
            acceptedSecrets = acceptedSecrets == null ? List.of() : List.copyOf(acceptedSecrets);
        }

        /** What this record shows of itself: never a secret (a bound record may be printed by a failure analysis). */
        @Override
        public String toString() {
            return "Cluster[enabled=%s, nodeTimeout=%s, nodeName=%s, secret=%s, acceptedSecrets=%d]"
                    .formatted(enabled, nodeTimeout, nodeName, secret == null || secret.isBlank() ? "unset" : "set",
                            acceptedSecrets.size());
        }
    }

    /**
     * Per-address budgets in the platform's one style ({@code -burst}, {@code -refill}, {@code -addresses}).
     *
     * @param burst datagrams a member may send at once
     * @param refill time in which a member earns one more datagram back (100ms: 10 a second sustained)
     * @param strangerBurst replies one source IP address that is not a member may get at once; past its budget
     *        its datagrams go unanswered (a forged source address must not make the room a reflector)
     * @param strangerRefill time in which such an address earns one more reply back
     * @param strangerAddresses source addresses whose budget is remembered at once (bounded memory); when all
     *        are in use and none has refilled, a new address gets no reply
     */
    public record Flood(
            @DefaultValue("20") @Min(1) @Max(100000) int burst,
            @DefaultValue("100ms") @NotNull @DurationMin(nanos = 1) @DurationMax(hours = 1) Duration refill,
            @DefaultValue("10") @Min(1) @Max(100000) int strangerBurst,
            @DefaultValue("200ms") @NotNull @DurationMin(nanos = 1) @DurationMax(hours = 1) Duration strangerRefill,
            @DefaultValue("10000") @Min(16) @Max(1000000) int strangerAddresses) {
    }

    /**
     * @param username admin user of the REST API and the non-public actuator endpoints
     * @param password admin password ({@code CHAT_ADMIN_PASSWORD}); blank or unset means one is generated at start
     * @param generatedPasswordFile where a generated password is written, readable by the service's user only
     *        (mode 600); the log names the file, never the password
     * @param failedLoginBurst credentials one source address may try at once; a try is taken before the password is
     *        checked and given back when it was right, so only wrong ones count; past them the address waits
     * @param failedLoginRefill time in which such an address earns one more try back
     * @param failedLoginAddresses source addresses (and accounts) whose budget is remembered at once (bounded memory)
     * @param failedLoginAccountBurst the reserve of one account (user name): tries still checked for it from addresses
     *        whose own budget is spent, so a guesser sharing the admin's address does not lock the admin out; a right
     *        password gives its try back
     * @param failedLoginAccountRefill time in which an account's reserve earns one more try back
     * @param maxBodySize largest request body the admin API reads; a larger one is answered 413 before it is read
     */
    public record Admin(
            @DefaultValue(AdminLogin.DEFAULT_USERNAME) @NotBlank String username,
            String password,
            @DefaultValue("chat-admin-password") @NotNull Path generatedPasswordFile,
            @DefaultValue(AdminLogin.DEFAULT_FAILED_LOGIN_BURST) @Min(1) @Max(1000) int failedLoginBurst,
            @DefaultValue(AdminLogin.DEFAULT_FAILED_LOGIN_REFILL) @NotNull @DurationMin(millis = 1) @DurationMax(hours = 1) Duration failedLoginRefill,
            @DefaultValue(AdminLogin.DEFAULT_FAILED_LOGIN_ADDRESSES) @Min(16) @Max(1000000) int failedLoginAddresses,
            @DefaultValue(AdminLogin.DEFAULT_FAILED_LOGIN_ACCOUNT_BURST) @Min(1) @Max(1000) int failedLoginAccountBurst,
            @DefaultValue(AdminLogin.DEFAULT_FAILED_LOGIN_ACCOUNT_REFILL) @NotNull @DurationMin(millis = 1) @DurationMax(hours = 24) Duration failedLoginAccountRefill,
            @DefaultValue(AdminLogin.DEFAULT_MAX_BODY_SIZE) @NotNull DataSize maxBodySize) {

        /** 1 KB to 16 MB: room for any announcement (one datagram), never a heap's worth. */
        @AssertTrue(message = "chat.admin.max-body-size must be between 1KB and 16MB")
        public boolean isMaxBodySizeInRange() {
            return maxBodySize == null || (maxBodySize.toBytes() >= 1024 && maxBodySize.toBytes() <= 16L * 1024 * 1024);
        }

        /** What common's {@link AdminLogin} guard needs of these settings. */
        public AdminLogin login() {
            return new AdminLogin("chat.admin", "chat-service admin", failedLoginBurst, failedLoginRefill,
                    failedLoginAddresses, failedLoginAccountBurst, failedLoginAccountRefill, maxBodySize);
        }
    }

    /** The protocol limits the room enforces; nothing else of the settings (no credentials) reaches the room. */
    public ChatLimits limits() {
        return new ChatLimits(maxMembers, idleTimeout, maxDatagramBytes, flood.burst(), flood.refill(),
                flood.strangerBurst(), flood.strangerRefill(), flood.strangerAddresses());
    }

    /** What the UDP side needs: the port, its receive sockets ({@code receivers}, 0 = one per core), the limits it reads by. */
    public UdpSettings udp() {
        return new UdpSettings(address, port, Threads.perCoreIfZero(receivers), maxDatagramBytes, idleTimeout, maxLinesPerDatagram);
    }
}
