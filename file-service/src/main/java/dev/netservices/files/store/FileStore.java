package dev.netservices.files.store;

import java.util.List;

/**
 * The library of files behind the protocol. The only implementation today keeps them in a local
 * folder ({@link LocalFileStore}); shared or object storage would be another implementation.
 */
public interface FileStore {

    /**
     * The entries of one folder ({@code ""} is the top), files and folders, sorted by name; hidden and unreachable
     * names are left out. The list shares the index's strings: nothing is rendered until it is sent.
     */
    List<StoredFile> list(String folder) throws StoreException;

    /** Whether {@code path} is a folder of the library ({@code ""}, the top, always is). */
    boolean isFolder(String path) throws StoreException;

    /** Makes one folder; its parent must exist (nothing is made implicitly). */
    void makeFolder(String path) throws StoreException;

    /** Removes an empty folder; a folder with entries is refused with {@code EXISTS} and their count. */
    void removeFolder(String path) throws StoreException;

    /* Every path below is {@code /}-separated segments relative to the top folder, as LibraryNames checks it. */

    /** Size and SHA-256 of one file. */
    FileDigest stat(String name) throws StoreException;

    /** Opens a file for sending from {@code offset} to its end. */
    Download openForRead(String name, long offset) throws StoreException;

    /**
     * Admits an upload of {@code size} bytes: the name, size limit, overwrite rule, quota and free
     * disk space are all checked here, before a single body byte is stored.
     */
    Upload beginUpload(String name, long size) throws StoreException;

    /**
     * Admits a resumable upload of a file of {@code size} bytes whose bytes from {@code offset} follow: checked like
     * {@link #beginUpload(String, long)}; its part is kept for {@code owner} when it breaks off, and {@code offset}
     * must not be past what that part holds.
     */
    Upload beginUpload(String path, long size, long offset, String owner) throws StoreException;

    /** What the server holds of {@code owner}'s interrupted upload of {@code path}; null when nothing. */
    PartialUpload partial(String path, String owner) throws StoreException;

    /** Removes a file; a download already running keeps the bytes it opened. */
    void delete(String name) throws StoreException;

    /**
     * Gives a file (or a folder, whole) another path, atomically, across folders too; an existing {@code to} is
     * replaced only when overwriting is on, and never when either is a folder.
     */
    void rename(String from, String to) throws StoreException;

    /** What the library holds against its limits, as {@code QUOTA} tells a user. */
    record Usage(long usedBytes, long quota, long files, long maxFiles) {
    }

    Usage usage();

    /** Bytes the library holds now (what the quota counts). */
    long usedBytes();

    /** Free space on the library's disk, in bytes; -1 when it cannot be read. */
    long usableSpace();

    /** Whether new files can be written. */
    boolean isWritable();
}
