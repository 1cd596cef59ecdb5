package dev.netservices.files.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.netservices.files.store.StoreException.Reason;

/**
 * Names a failed write for what it was. Java reports ENOSPC as a plain {@link IOException} whose text
 * varies by platform and locale, so instead of reading the text, the disk is asked: when a write fails
 * and the root's file system has less usable space than the write still needed, the disk is full.
 */
final class DiskFailure {

    private DiskFailure() {
    }

    static StoreException of(String what, IOException e, Path folder, long bytesStillNeeded) {
        if (isOutOfSpace(folder, bytesStillNeeded)) {
            return new StoreException(Reason.NO_SPACE, "the server's disk is full", e);
        }
        return new StoreException(Reason.IO, what + " failed on the server", e);
    }

    private static boolean isOutOfSpace(Path folder, long bytesStillNeeded) {
        try {
            return Files.getFileStore(folder).getUsableSpace() < Math.max(1, bytesStillNeeded);
        } catch (IOException e) {
            return false;
        }
    }
}
