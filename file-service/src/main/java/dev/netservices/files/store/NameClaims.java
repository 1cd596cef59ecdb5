package dev.netservices.files.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.netservices.common.text.NameFold;

/**
 * Who gives a file its name, one at a time, among names that {@link NameFold fold} alike. Placing a file (an
 * upload's commit, a rename) happens here under one lock, after a check that no other spelling of the name is in
 * the library: so {@code Report.pdf} and {@code report.pdf} uploaded at once cannot both land, which a hard link
 * alone (exact names only) would allow.
 *
 * <p>It also knows the uploads in progress by folded name. When a file is placed, every other upload of that
 * folded name has lost (without overwrite; with it, only other spellings lose, the same name being replaced by
 * design): it is told at once ({@link LocalUpload#lose}), stops writing at its next body bytes and answers
 * {@code EXISTS}, instead of learning so only after its whole body.
 */
final class NameClaims {

    /** Gives the file its name and updates the index; runs under the claims' lock. */
    @FunctionalInterface
    interface Placing {
        void place() throws IOException;
    }

    private final LibraryIndex index;
    private final boolean overwrite;
    // Guarded by this.
    private final Map<String, Set<LocalUpload>> uploading = new HashMap<>();

    NameClaims(LibraryIndex index, boolean overwrite) {
        this.index = index;
        this.overwrite = overwrite;
    }

    synchronized void began(LocalUpload upload) {
        uploading.computeIfAbsent(key(upload.name()), key -> new HashSet<>()).add(upload);
    }

    synchronized void ended(LocalUpload upload) {
        String key = key(upload.name());
        Set<LocalUpload> uploads = uploading.get(key);
        if (uploads != null && uploads.remove(upload) && uploads.isEmpty()) {
            uploading.remove(key);
        }
    }

    /**
     * Stops the resumable uploads in progress into {@code partialPrefix} (the owner's partial file for {@code name}),
     * keeping what they received, so that a resume of it reads a partial no one writes any more.
     */
    synchronized void supersede(String name, Path partialPrefix) {
        Set<LocalUpload> uploads = uploading.get(key(name));
        if (uploads == null) {
            return;
        }
        for (LocalUpload upload : Set.copyOf(uploads)) {
            if (upload.writes(partialPrefix)) {
                upload.supersede();
            }
        }
    }

    /** Refuses {@code name} when the library holds another spelling of it ({@code renamed}, the file being renamed, aside). */
    void checkNoClash(String name, String renamed) throws StoreException {
        String clash = index.clashWith(name, renamed);
        if (clash != null) {
            throw new StoreException(StoreException.Reason.EXISTS,
                    "%s clashes with %s: names that differ only in case or Unicode form are one name here".formatted(name, clash));
        }
    }

    /**
     * Places a file under {@code name} unless another spelling of it is there, then tells the uploads that lost.
     *
     * @param renamed the file being renamed to {@code name}, or null
     * @param winner  the upload placing it, or null for a rename
     */
    synchronized void place(String name, String renamed, LocalUpload winner, Placing placing) throws StoreException, IOException {
        checkNoClash(name, renamed);
        placing.place();
        Set<LocalUpload> rivals = uploading.get(key(name));
        if (rivals == null) {
            return;
        }
        for (LocalUpload rival : rivals) {
            if (rival != winner && !(overwrite && rival.name().equals(name))) {
                rival.lose(name);
            }
        }
    }

    /**
     * Moves the folder {@code source} to {@code name} as {@link #place} does, unless uploads into it (or a folder below
     * it) are in progress: their temporary files are in it, and moved from under them they could neither be given their
     * names nor deleted (the upload failed with ERR 500 and left its bytes hidden in the moved folder).
     */
    synchronized void placeFolder(String name, String source, Placing placing) throws StoreException, IOException {
        int busy = uploadsInto(source);
        if (busy > 0) {
            throw StoreException.uploadsUnderWay(source, "renamed", busy);
        }
        place(name, source, null, placing);
    }

    /** The uploads in progress into {@code folder} or a folder below it. */
    synchronized int uploadsInto(String folder) {
        String below = folder + "/";
        int busy = 0;
        for (Map.Entry<String, Set<LocalUpload>> entry : uploading.entrySet()) {
            if (entry.getKey().startsWith(below)) {
                busy += entry.getValue().size();
            }
        }
        return busy;
    }

    /** Names fold alike only within one folder: the folder's own path is exact, as it exists. */
    private static String key(String path) {
        return LibraryNames.parentOf(path) + "/" + NameFold.key(LibraryNames.leafOf(path));
    }
}
