package dev.netservices.files.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Forces what an upload wrote to the disk before the client is told {@code OK}: first the file's data
 * and what reading it back needs (its size and blocks: {@code fdatasync} of the file), then, once the file has its
 * name, the folder entry ({@code fsync} of the folder), without which a crash can lose a renamed file whose bytes
 * were safe. Folder forces are a group commit ({@link FolderForces}): callers for one folder share a force that
 * began after their call.
 *
 * <p>An interface so that a test can see the order (the reply never precedes the force); {@link #OFF}
 * is {@code files.fsync=false}, trading durability for speed.
 */
public interface DiskSync {

    void forceFile(FileChannel file) throws IOException;

    void forceFolder(Path folder) throws IOException;

    /** The real thing: {@code fdatasync(2)} of the file, then {@code fsync(2)} of the folder, shared by its callers. */
    DiskSync FORCE = new DiskSync() {
        private final FolderForces folders = new FolderForces(DiskSync::fsyncFolder);

        @Override
        public void forceFile(FileChannel file) throws IOException {
            // the timestamps may lag after a crash; the bytes, the size and the block map may not (fdatasync keeps those)
            file.force(false);
        }

        @Override
        public void forceFolder(Path folder) throws IOException {
            folders.force(folder);
        }

        @Override
        public String toString() {
            return "fsync";
        }
    };

    /** Linux and the BSDs fsync a folder opened for reading; that is how its entries reach the disk. */
    private static void fsyncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Leaves it to the kernel to write back when it likes: an acknowledged upload may be lost in a crash. */
    DiskSync OFF = new DiskSync() {
        @Override
        public void forceFile(FileChannel file) {
        }

        @Override
        public void forceFolder(Path folder) {
        }

        @Override
        public String toString() {
            return "no fsync";
        }
    };
}
