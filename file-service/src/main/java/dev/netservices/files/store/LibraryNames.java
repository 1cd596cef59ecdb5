package dev.netservices.files.store;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.root.RefusedNameException;
import dev.netservices.files.store.StoreException.Reason;

/**
 * Which client-supplied names reach which files: {@link ConfinedRoot}'s rules (no way out of the root,
 * nothing hidden), answered as the store's refusals.
 */
final class LibraryNames {

    private final ConfinedRoot root;

    LibraryNames(ConfinedRoot root) {
        this.root = root;
    }

    Path folder() {
        return root.root();
    }

    /** Where {@code name} lives, whether or not it exists yet. */
    Path resolve(String name) throws StoreException {
        try {
            return root.resolveName(name);
        } catch (RefusedNameException e) {
            throw new StoreException(Reason.REFUSED_NAME, "refused name: " + e.getMessage());
        }
    }

    /** The regular file called {@code name}. */
    Path existingFile(String name) throws StoreException {
        Path file = resolve(name);
        if (!Files.isRegularFile(file)) {
            throw notFound(name);
        }
        return file;
    }

    /** True when a folder entry is a file of the library (not hidden, not a folder, not leading out). */
    boolean isListed(String entryName) {
        try {
            return Files.isRegularFile(root.resolveName(entryName));
        } catch (RefusedNameException e) {
            return false;
        }
    }

    static StoreException notFound(String name) {
        return new StoreException(Reason.NOT_FOUND, "no such file: " + name);
    }
}
