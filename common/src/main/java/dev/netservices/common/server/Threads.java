package dev.netservices.common.server;

/** How many threads a "0 = one per core" setting means: the one reading of that convention in every service. */
public final class Threads {

    private Threads() {
    }

    /** {@code configured} when positive, else one per available core. */
    public static int perCoreIfZero(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }
}
