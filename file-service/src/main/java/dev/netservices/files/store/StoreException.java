package dev.netservices.files.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The store refused or failed an operation; {@link #getMessage()} is fit for the client. */
public class StoreException extends Exception {

    /** Why; the protocol maps each reason to its error code. */
    public enum Reason {
        REFUSED_NAME, NOT_FOUND, EXISTS, TOO_LARGE, QUOTA, NO_SPACE, BAD_OFFSET, IO
    }

    private final Reason reason;

    public StoreException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** {@code folder} is not {@code verb} (renamed, removed) while uploads into it are under way: either store's words. */
    public static StoreException uploadsUnderWay(String folder, String verb, int uploads) {
        return new StoreException(Reason.EXISTS, "%s cannot be %s while %d %s in progress".formatted(folder, verb, uploads,
                uploads == 1 ? "upload into it is" : "uploads into it are"));
    }

    /** {@code folder} lists empty but holds the parts of interrupted uploads, the last kept {@code until}. */
    public static StoreException keptParts(String folder, int uploads, Instant until) {
        return new StoreException(Reason.EXISTS, "%s is not empty: it holds %s, kept for %s resume until %s".formatted(folder,
                uploads == 1 ? "1 interrupted upload" : uploads + " interrupted uploads", uploads == 1 ? "its" : "their",
                until.truncatedTo(ChronoUnit.SECONDS)));
    }
}
