package dev.netservices.chat.room;

import java.time.Duration;

/**
 * {@link ChatLimits} for tests, by name: {@code TestLimits.builder().maxMembers(2).build()}. Unless told otherwise a
 * room of 10, a 5-minute idle timeout, datagrams of 200 bytes, a member's burst of 3 refilled one a second, and
 * strangers' replies practically unbounded.
 */
final class TestLimits {

    private int maxMembers = 10;
    private Duration idleTimeout = Duration.ofMinutes(5);
    private int maxDatagramBytes = 200;
    private int burst = 3;
    private Duration refill = Duration.ofSeconds(1);
    private int strangerBurst = 1000;
    private Duration strangerRefill = Duration.ofMillis(1);
    private int strangerAddresses = 10_000;

    private TestLimits() {
    }

    static TestLimits builder() {
        return new TestLimits();
    }

    TestLimits maxMembers(int maxMembers) {
        this.maxMembers = maxMembers;
        return this;
    }

    TestLimits idleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
        return this;
    }

    TestLimits burst(int burst, Duration refill) {
        this.burst = burst;
        this.refill = refill;
        return this;
    }

    TestLimits strangers(int burst, Duration refill, int addresses) {
        this.strangerBurst = burst;
        this.strangerRefill = refill;
        this.strangerAddresses = addresses;
        return this;
    }

    ChatLimits build() {
        return new ChatLimits(maxMembers, idleTimeout, maxDatagramBytes, burst, refill, strangerBurst, strangerRefill,
                strangerAddresses);
    }
}
