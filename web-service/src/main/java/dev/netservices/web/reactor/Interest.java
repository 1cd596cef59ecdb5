package dev.netservices.web.reactor;

import java.nio.channels.SelectionKey;

/** The selector events one connection waits for: read, or write while output is queued. */
final class Interest {

    private final SelectionKey key;

    Interest(SelectionKey key) {
        this.key = key;
    }

    // Most responses leave in one write, so the interest rarely changes: skip the selector's update queue then.
    void set(int ops) {
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    void cancel() {
        key.cancel();
    }
}
