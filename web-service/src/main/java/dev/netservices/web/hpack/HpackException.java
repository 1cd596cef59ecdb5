package dev.netservices.web.hpack;

/** A header block HPACK cannot decode: HTTP/2 answers it with a connection error COMPRESSION_ERROR. */
public final class HpackException extends Exception {

    public HpackException(String message) {
        super(message, null, false, false);
    }
}
