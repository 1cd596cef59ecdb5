package dev.netservices.chat.cluster;

/**
 * Whether this node can reach Redis now, as far as it knows: lost at the first command that fails (a refused
 * connection, or a timeout because Redis hangs), back at the next heartbeat that succeeds ({@link NodeWatch} tries
 * every third of the node timeout whatever this says). While it is lost, the roster answers at once without asking
 * Redis: a join gets its {@code FAIL} at once instead of after a timeout, and queued questions do not pile up behind
 * a Redis that does not answer.
 * <pre>
 *   reachable --a command fails--> lost (why: the cause)
 *   lost --a heartbeat succeeds--> reachable
 * </pre>
 */
final class RedisReach {

    /** Taken to be reachable until a command fails: a join before the first heartbeat is asked, not refused. */
    private volatile String problem;

    /** Null while Redis is taken to be reachable, else why not. */
    String problem() {
        return problem;
    }

    boolean isLost() {
        return problem != null;
    }

    void lost(String why) {
        problem = why;
    }

    void reached() {
        problem = null;
    }
}
