package dev.netservices.web.hpack;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Set;

/**
 * Encodes one connection's response header blocks (RFC 7541 6). Fields that repeat from response to response
 * (server, content-type, vary, cache-control...) go into the dynamic table once and are then one byte; fields
 * that change on every response (date, content-length, etag, last-modified, content-range) are literals
 * without indexing, so they do not push the useful entries out. Each string is Huffman-coded when that is
 * shorter.
 *
 * <p>The table size follows the peer's SETTINGS_HEADER_TABLE_SIZE, capped at 4096; a change is announced by a
 * size update at the start of the next block (RFC 7541 4.2).
 */
public final class HpackEncoder {

    private static final int MAX_TABLE = 4096;
    private static final Set<String> CHANGING = Set.of("date", "content-length", "etag", "last-modified",
            "content-range", "location", "age", "expires");

    private final DynamicTable table = new DynamicTable(MAX_TABLE);
    private int pendingSize = -1;

    /** The peer's SETTINGS_HEADER_TABLE_SIZE. */
    public void peerTableSize(int size) {
        int capped = Math.min(size, MAX_TABLE);
        if (capped != table.maxSize()) {
            // the smallest size since the last block is announced too (RFC 7541 4.2)
            pendingSize = pendingSize < 0 ? capped : Math.min(pendingSize, capped);
            table.setMaxSize(capped);
        }
    }

    public byte[] encode(List<HeaderField> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        if (pendingSize >= 0) {
            integer(out, 0x20, 5, pendingSize);
            if (pendingSize != table.maxSize()) {
                integer(out, 0x20, 5, table.maxSize());
            }
            pendingSize = -1;
        }
        for (HeaderField field : fields) {
            int index = StaticTable.indexOf(field);
            if (index == 0) {
                int dynamic = table.indexOf(field);
                index = dynamic == 0 ? 0 : dynamic + StaticTable.LENGTH;
            }
            if (index != 0) {
                integer(out, 0x80, 7, index);
                continue;
            }
            int nameIndex = StaticTable.indexOfName(field.name());
            boolean indexed = !CHANGING.contains(field.name()) && field.size() <= table.maxSize() / 4;
            integer(out, indexed ? 0x40 : 0x00, indexed ? 6 : 4, nameIndex);
            if (nameIndex == 0) {
                string(out, field.name());
            }
            string(out, field.value());
            if (indexed) {
                table.add(field);
            }
        }
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String s) {
        int huffman = Huffman.encodedLength(s);
        if (huffman < s.length()) {
            integer(out, 0x80, 7, huffman);
            Huffman.encode(s, out);
        } else {
            integer(out, 0x00, 7, s.length());
            for (int i = 0; i < s.length(); i++) {
                out.write(s.charAt(i));
            }
        }
    }

    static void integer(ByteArrayOutputStream out, int flags, int prefix, int value) {
        int mask = (1 << prefix) - 1;
        if (value < mask) {
            out.write(flags | value);
            return;
        }
        out.write(flags | mask);
        value -= mask;
        while (value >= 0x80) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }
}
