package dev.netservices.files.store;

/**
 * An entry of a library folder as clients see it: its name (within its folder) and, for a file, its size in
 * bytes; a folder has no size ({@link #FOLDER}).
 */
public record StoredFile(String name, long size) {

    /** The size recorded for a folder. */
    public static final long FOLDER = -1;

    public boolean isFolder() {
        return size == FOLDER;
    }
}
