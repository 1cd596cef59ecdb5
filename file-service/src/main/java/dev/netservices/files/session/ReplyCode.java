package dev.netservices.files.session;

/**
 * The numbers in {@code ERR <code> <text>}. They borrow HTTP's meanings so that a reader guesses them
 * right: 4xx the client can fix, 5xx the server's side.
 */
public final class ReplyCode {

    public static final int BAD_COMMAND = 400;
    public static final int REFUSED_NAME = 403;
    public static final int NOT_FOUND = 404;
    public static final int TIMEOUT = 408;
    public static final int EXISTS = 409;
    public static final int TOO_LARGE = 413;
    public static final int LINE_TOO_LONG = 414;
    public static final int BAD_OFFSET = 416;
    public static final int SERVER_ERROR = 500;
    public static final int UNAVAILABLE = 503;
    public static final int NO_SPACE = 507;

    private ReplyCode() {
    }
}
