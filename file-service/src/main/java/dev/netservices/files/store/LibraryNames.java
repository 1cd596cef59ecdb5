package dev.netservices.files.store;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.text.Normalizer;

import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.root.RefusedNameException;
import dev.netservices.files.store.StoreException.Reason;

/**
 * Which client-supplied names reach which files. A name is first put in Unicode NFC (two spellings of
 * {@code café} are one name), then must pass {@link DeceptiveNames} and {@link PortableNames}, be representable in the JVM's
 * file-name encoding, and pass {@link ConfinedRoot}'s rules (no way out of the root, nothing hidden).
 * Every refusal is the store's {@code REFUSED_NAME} with the reason.
 */
final class LibraryNames {

    private final ConfinedRoot root;
    private final Charset fileNameEncoding;

    LibraryNames(ConfinedRoot root, Charset fileNameEncoding) {
        this.root = root;
        this.fileNameEncoding = fileNameEncoding;
    }

    Path folder() {
        return root.root();
    }

    /** The name as stored: NFC, and checked by every rule except those that need the disk. */
    String normalized(String name) throws StoreException {
        String nfc = Normalizer.normalize(name, Normalizer.Form.NFC);
        String deceptive = DeceptiveNames.reason(nfc);
        if (deceptive != null) {
            throw refused(deceptive);
        }
        if (!fileNameEncoding.equals(StandardCharsets.UTF_8) && !fileNameEncoding.newEncoder().canEncode(nfc)) {
            throw refused("the server cannot store this name (file-name encoding is " + fileNameEncoding.name() + ")");
        }
        return nfc;
    }

    /** Where {@code name} (already {@link #normalized}) lives, whether or not it exists yet. */
    Path resolve(String name) throws StoreException {
        try {
            Path resolved = root.resolveName(name);
            // after the root's rules, so that "C:" is still refused as the absolute path it is
            String unportable = PortableNames.reason(name);
            if (unportable != null) {
                throw refused(unportable);
            }
            return resolved;
        } catch (RefusedNameException e) {
            throw refused(e.getMessage());
        } catch (InvalidPathException e) {
            throw refused("the server cannot store this name (file-name encoding is " + fileNameEncoding.name() + ")");
        }
    }

    /**
     * The entry directly in the library folder that holds the regular file called {@code name}: the name
     * itself, or where a link inside the library points. A download opens that entry without following
     * links, so the file opened is the file checked.
     */
    String entryOf(String name) throws StoreException {
        Path file = resolve(name);
        if (!Files.isRegularFile(file)) {
            throw notFound(name);
        }
        if (!Files.isSymbolicLink(file)) {
            return name;
        }
        try {
            Path real = file.toRealPath();
            if (!folder().equals(real.getParent())) {
                throw notFound(name);
            }
            return real.getFileName().toString();
        } catch (java.io.IOException e) {
            throw notFound(name);
        }
    }

    /** True when a folder entry is a file of the library (not hidden, not a folder, not leading out). */
    boolean isListed(String entryName) {
        try {
            return DeceptiveNames.reason(entryName) == null && PortableNames.reason(entryName) == null
                    && Files.isRegularFile(root.resolveName(entryName));
        } catch (RefusedNameException | InvalidPathException e) {
            return false;
        }
    }

    static StoreException notFound(String name) {
        return new StoreException(Reason.NOT_FOUND, "no such file: " + name);
    }

    private static StoreException refused(String reason) {
        return new StoreException(Reason.REFUSED_NAME, "refused name: " + reason);
    }
}
