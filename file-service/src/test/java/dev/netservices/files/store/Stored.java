package dev.netservices.files.store;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Store tests' shorthand: a whole upload in one call, a whole download read back. */
final class Stored {

    private Stored() {
    }

    static FileDigest put(FileStore store, String name, byte[] bytes) throws StoreException {
        try (Upload upload = store.beginUpload(name, bytes.length)) {
            upload.write(ByteBuffer.wrap(bytes));
            return upload.commit();
        }
    }

    static byte[] read(Download download) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(download.count()));
        long position = download.position();
        while (bytes.hasRemaining()) {
            int n = download.channel().read(bytes, position);
            if (n < 0) {
                break;
            }
            position += n;
        }
        return bytes.array();
    }
}
