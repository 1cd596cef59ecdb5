package dev.netservices.common.text;

/** Bytes that are not strict UTF-8; the message says which byte and where, fit to tell the client. */
public final class InvalidUtf8Exception extends Exception {

    public InvalidUtf8Exception(String message) {
        super(message);
    }
}
