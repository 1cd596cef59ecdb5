package dev.netservices.files.store;

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
}
