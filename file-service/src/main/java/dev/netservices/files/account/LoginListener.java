package dev.netservices.files.account;

/**
 * Told how each {@code LOGIN} checked against the accounts ended, and when a password check starts and ends;
 * {@code observability.FileMetrics} counts them. Called on the session's thread: must be quick.
 */
public interface LoginListener {

    /**
     * {@code THROTTLED}: refused unchecked, the address having no tries left; {@code ACCOUNT_THROTTLED}: the
     * same for the name tried; {@code BUSY}: refused unchecked because every password check slot stayed taken.
     */
    enum Result { SUCCESS, FAILED, THROTTLED, ACCOUNT_THROTTLED, BUSY }

    /** {@code took}: from the LOGIN's check beginning to its answer, the failed-login delay included. */
    void loginEnded(Result result, java.time.Duration took);

    /** A password check (the costly hash) begins, doing {@code cost}'s work. */
    default void checkStarted(HashCost cost) {
    }

    /** The check begun last on this thread ended. */
    default void checkEnded() {
    }
}
