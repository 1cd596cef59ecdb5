package dev.netservices.files.store;

import java.util.List;

/**
 * The library of files behind the protocol. The only implementation today keeps them in a local
 * folder ({@link LocalFileStore}); shared or object storage would be another implementation.
 */
public interface FileStore {

    /** Files a client may fetch, sorted by name; hidden and unreachable names are left out. */
    List<StoredFile> list() throws StoreException;

    /** Size and SHA-256 of one file. */
    FileDigest stat(String name) throws StoreException;

    /** Opens a file for sending from {@code offset} to its end. */
    Download openForRead(String name, long offset) throws StoreException;

    /**
     * Admits an upload of {@code size} bytes: the name, size limit, overwrite rule, quota and free
     * disk space are all checked here, before a single body byte is stored.
     */
    Upload beginUpload(String name, long size) throws StoreException;

    /** Removes a file; a download already running keeps the bytes it opened. */
    void delete(String name) throws StoreException;

    /** Gives a file another name, atomically; an existing {@code to} is replaced only when overwriting is on. */
    void rename(String from, String to) throws StoreException;

    /** Bytes the library holds now (what the quota counts). */
    long usedBytes();

    /** Free space on the library's disk, in bytes; -1 when it cannot be read. */
    long usableSpace();

    /** Whether new files can be written. */
    boolean isWritable();
}
