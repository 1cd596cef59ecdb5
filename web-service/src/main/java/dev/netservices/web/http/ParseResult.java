package dev.netservices.web.http;

/** What {@link RequestParser#parse} made of the bytes it was given. */
public sealed interface ParseResult {

    /** Every byte was consumed and the request is not complete yet. */
    record NeedMore() implements ParseResult {
    }

    /** A whole request (its body already discarded); bytes after it are left in the buffer. */
    record Parsed(Request request) implements ParseResult {
    }

    /** The request breaks a rule or a limit; answer {@code status} with {@code message} and close. */
    record Rejected(Status status, String message, String requestLine) implements ParseResult {
    }

    ParseResult NEED_MORE = new NeedMore();
}
