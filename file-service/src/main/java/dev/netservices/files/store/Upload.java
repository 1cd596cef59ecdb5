package dev.netservices.files.store;

import java.nio.ByteBuffer;

/**
 * An upload in progress: bytes go to a hidden temporary file, and only {@link #commit()} makes them
 * visible under the name, all at once. {@link #close()} without a commit deletes every trace.
 */
public interface Upload extends AutoCloseable {

    /** The name the file will have. */
    String name();

    /** The size announced; {@link #commit()} refuses any other. */
    long size();

    /** Appends bytes; a full disk fails with {@link StoreException.Reason#NO_SPACE}. */
    void write(ByteBuffer bytes) throws StoreException;

    /** Moves the complete file into place and answers its size and SHA-256. */
    FileDigest commit() throws StoreException;

    /** Abandons the upload unless committed: the temporary file is deleted and the quota released. */
    @Override
    void close();
}
