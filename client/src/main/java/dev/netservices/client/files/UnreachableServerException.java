package dev.netservices.client.files;

import java.io.IOException;

/**
 * The file server could not be reached at all (no connection, no greeting): the names a command has left would each
 * fail the same way, so a command working through several stops here rather than telling it once per name.
 */
final class UnreachableServerException extends IOException {

    UnreachableServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
