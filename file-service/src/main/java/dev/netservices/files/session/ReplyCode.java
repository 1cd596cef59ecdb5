package dev.netservices.files.session;

import dev.netservices.files.store.StoreException;

/**
 * The numbers in {@code ERR <code> <text>}. They borrow HTTP's meanings so that a reader guesses them
 * right: 4xx the client can fix, 5xx the server's side.
 */
public enum ReplyCode {
    BAD_COMMAND(400),
    REFUSED_NAME(403),
    NOT_FOUND(404),
    TIMEOUT(408),
    EXISTS(409),
    TOO_LARGE(413),
    LINE_TOO_LONG(414),
    BAD_OFFSET(416),
    TOO_MANY_ATTEMPTS(429),
    BANNED(421),
    SERVER_ERROR(500),
    NOT_PERMITTED(530),
    UNAVAILABLE(503),
    NO_SPACE(507);

    private final int number;

    ReplyCode(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The one mapping from what the store says to what the client reads. */
    public static ReplyCode of(StoreException.Reason reason) {
        return switch (reason) {
            case REFUSED_NAME -> REFUSED_NAME;
            case NOT_FOUND -> NOT_FOUND;
            case EXISTS -> EXISTS;
            case TOO_LARGE -> TOO_LARGE;
            case QUOTA, NO_SPACE -> NO_SPACE;
            case BAD_OFFSET -> BAD_OFFSET;
            case IO -> SERVER_ERROR;
        };
    }
}
