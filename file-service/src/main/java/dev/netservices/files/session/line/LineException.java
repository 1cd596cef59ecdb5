package dev.netservices.files.session.line;

import java.io.IOException;

/** A line the protocol cannot accept; the message is fit to send back to the client as is. */
public sealed class LineException extends IOException permits LineTooLongException, MalformedLineException {

    LineException(String message) {
        super(message);
    }
}
