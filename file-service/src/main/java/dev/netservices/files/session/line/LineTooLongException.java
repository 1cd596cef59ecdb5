package dev.netservices.files.session.line;

/** The line went past the limit; the rest of it was not read. */
public final class LineTooLongException extends LineException {

    private final int limit;

    public LineTooLongException(int limit) {
        super("line longer than " + limit + " bytes");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
