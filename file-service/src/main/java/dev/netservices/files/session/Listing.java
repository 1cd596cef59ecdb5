package dev.netservices.files.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.netservices.files.store.StoredFile;

/**
 * One folder's listing as {@code LIST} sends it: a header whose number is the body's size in bytes
 * ({@code OK 27 bytes follow: 1 file, 1 folder}), then one line per entry, {@code <size> <name>} for a file and
 * {@code - <name>/} for a folder. The body is rendered and written a buffer at a time, never whole: a folder of
 * 100,000 entries costs the server one 64 KiB buffer beyond its index.
 */
record Listing(List<StoredFile> entries, long bytes, int files, int folders) {

    private static final int CHUNK = 64 * 1024;

    static Listing of(List<StoredFile> entries) {
        long bytes = 0;
        int folders = 0;
        for (StoredFile entry : entries) {
            bytes += lineBytes(entry);
            if (entry.isFolder()) {
                folders++;
            }
        }
        return new Listing(entries, bytes, entries.size() - folders, folders);
    }

    Reply header() {
        return Reply.ok("%d bytes follow: %d %s, %d %s".formatted(bytes, files, files == 1 ? "file" : "files", folders,
                folders == 1 ? "folder" : "folders"));
    }

    /** Writes the header and the body through {@code conduit}, a chunk at a time. */
    void send(Conduit conduit) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        buffer.put(header().bytes());
        for (StoredFile entry : entries) {
            byte[] line = line(entry);
            if (buffer.remaining() < line.length) {
                conduit.write(buffer.flip());
                buffer.clear();
                if (line.length > buffer.capacity()) {
                    conduit.write(ByteBuffer.wrap(line));
                    continue;
                }
            }
            buffer.put(line);
        }
        conduit.write(buffer.flip());
    }

    private static byte[] line(StoredFile entry) {
        String text = entry.isFolder() ? "- " + entry.name() + "/\r\n" : entry.size() + " " + entry.name() + "\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static long lineBytes(StoredFile entry) {
        long name = utf8Length(entry.name());
        return entry.isFolder() ? name + 5 : String.valueOf(entry.size()).length() + 1 + name + 2;
    }

    private static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
