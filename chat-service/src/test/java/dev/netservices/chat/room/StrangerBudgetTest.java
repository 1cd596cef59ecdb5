package dev.netservices.chat.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

/** The reply budget of addresses that are not members, with time passed in (no sleeps). */
class StrangerBudgetTest {

    private static final long SECOND = 1_000_000_000L;

    private static InetAddress ip(int last) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, (byte) last});
    }

    @Test
    void anAddressGetsItsBurstThenOnlyWhatRefills() throws Exception {
        StrangerBudget budget = new StrangerBudget(3, 2, 16);
        int granted = 0;
        for (int i = 0; i < 50; i++) {
            granted += budget.tryTake(ip(1), 0) ? 1 : 0;
        }
        assertThat(granted).isEqualTo(3);
        assertThat(budget.tryTake(ip(2), 0)).as("another address has its own budget").isTrue();
        assertThat(budget.tryTake(ip(1), SECOND / 2)).as("one token back after half a second at 2/s").isTrue();
        assertThat(budget.tryTake(ip(1), SECOND / 2)).isFalse();
    }

    @Test
    void theTableNeverGrowsPastItsCapAndForgetsOnlyRefilledAddresses() throws Exception {
        StrangerBudget budget = new StrangerBudget(2, 1, 16);
        for (int i = 0; i < 16; i++) {
            assertThat(budget.tryTake(ip(i), 0)).isTrue();
        }
        // Full, and nobody has refilled yet: a forged new address must not get a fresh budget.
        assertThat(budget.tryTake(ip(200), 0)).isFalse();
        assertThat(budget.tracked()).isEqualTo(16);

        // After the refill time the least recently heard address is forgotten to make room.
        assertThat(budget.tryTake(ip(200), 2 * SECOND)).isTrue();
        assertThat(budget.tracked()).isEqualTo(16);
        for (int i = 201; i < 255; i++) {
            budget.tryTake(ip(i), 3 * SECOND);
        }
        assertThat(budget.tracked()).isEqualTo(16);
    }
}
