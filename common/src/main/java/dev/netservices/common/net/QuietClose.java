package dev.netservices.common.net;

import java.io.Closeable;
import java.io.IOException;

/**
 * Closing on a path that is already ending (a peer gone, a shutdown): a failure to close says nothing
 * the caller could act on, so it is dropped here, once, instead of in an empty catch in every class.
 */
public final class QuietClose {

    private QuietClose() {
    }

    public static void close(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
