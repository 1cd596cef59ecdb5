package dev.netservices.files.session.line;

/** The bytes are not a line of text: invalid UTF-8, or a CR not followed by LF. */
public final class MalformedLineException extends LineException {

    public MalformedLineException(String message) {
        super(message);
    }
}
