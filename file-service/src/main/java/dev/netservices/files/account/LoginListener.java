package dev.netservices.files.account;

/** Told how each {@code LOGIN} checked against the accounts ended; {@code observability.FileMetrics} counts them. */
@FunctionalInterface
public interface LoginListener {

    /** {@code THROTTLED}: refused unchecked, the address having no tries left. */
    enum Result { SUCCESS, FAILED, THROTTLED }

    void loginEnded(Result result);
}
