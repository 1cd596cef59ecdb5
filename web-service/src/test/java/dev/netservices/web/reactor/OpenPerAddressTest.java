package dev.netservices.web.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** A count of what each address has open: capped, given back, and forgetting an address once it has nothing open. */
class OpenPerAddressTest {

    @Test
    void anAddressGetsItsMaxAndNoMoreUntilOneCloses() {
        OpenPerAddress open = new OpenPerAddress(2);
        assertThat(open.tryOpen("10.0.0.1")).isTrue();
        assertThat(open.tryOpen("10.0.0.1")).isTrue();
        assertThat(open.tryOpen("10.0.0.1")).as("past the cap").isFalse();
        assertThat(open.tryOpen("10.0.0.2")).as("another address").isTrue();
        open.close("10.0.0.1");
        assertThat(open.tryOpen("10.0.0.1")).as("a slot came back").isTrue();
    }

    @Test
    void anAddressWithNothingOpenIsForgotten() {
        OpenPerAddress open = new OpenPerAddress(5);
        for (int i = 0; i < 1000; i++) {
            String address = "10.0." + i / 256 + "." + i % 256;
            assertThat(open.tryOpen(address)).isTrue();
            open.close(address);
        }
        assertThat(open.addresses()).as("the map holds only addresses with something open").isZero();
    }

    @Test
    void racingTakersNeverGetMoreThanTheCap() throws Exception {
        OpenPerAddress open = new OpenPerAddress(10);
        AtomicInteger taken = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 100; i++) {
                    if (open.tryOpen("10.0.0.1")) {
                        taken.incrementAndGet();
                    }
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(taken).hasValue(10);
    }
}
