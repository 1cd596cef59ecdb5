package dev.netservices.web.hpack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one connection's header blocks (RFC 7541 6), keeping its dynamic table across blocks.
 *
 * <p>The decoded list is held to {@code maxHeaderListSize} (RFC 7541 4.1 sizes). A list past it is still
 * decoded to the block's end, so that the table stays in step with the peer's, but its fields past the limit are
 * not kept: the caller learns of it ({@link TooLarge} with the fields that fit) and may refuse that one request
 * (RFC 9113 10.5.1: a 431) and go on. A block that expands to more than {@value #BOMB_FACTOR} times the limit
 * is an "HPACK bomb" (one 4 KiB table entry referenced by one-byte indexes, as no client's own headers are): it
 * is not decoded further, and its {@link TooLarge} says the table is out of step, so the caller must end the
 * connection (RFC 9113 4.3). A table size update may not exceed the size we advertised in
 * SETTINGS_HEADER_TABLE_SIZE.
 */
public final class HpackDecoder {

    /**
     * A list expanded past this many times {@code maxHeaderListSize} is a bomb, not a client's headers: a block
     * no longer than twice the limit (the most {@code HeaderBlock} holds) expands to less than 3.2 times it by
     * Huffman's 5-bit codes at best; only the 32 bytes RFC 7541 4.1 counts per field add more, and a list of enough
     * tiny fields to reach four times is far past {@code web.max-header-count}.
     */
    static final int BOMB_FACTOR = 4;

    /** The list a block expands to is longer than allowed. */
    public static final class TooLarge extends Exception {
        private final List<HeaderField> kept;

        TooLarge(String message, List<HeaderField> kept) {
            super(message, null, false, false);
            this.kept = kept;
        }

        /** True when the block was decoded to its end: the table is in step, and only this request is refused. */
        public boolean tableInStep() {
            return kept != null;
        }

        /** The block's first fields, as many as fit the limit (pseudo-headers come first); empty for a bomb. */
        public List<HeaderField> kept() {
            return kept == null ? List.of() : kept;
        }
    }

    private final DynamicTable table;
    private final int maxTableSize;
    private final int maxHeaderListSize;

    public HpackDecoder(int maxTableSize, int maxHeaderListSize) {
        this.table = new DynamicTable(maxTableSize);
        this.maxTableSize = maxTableSize;
        this.maxHeaderListSize = maxHeaderListSize;
    }

    /** The decoded fields of one complete header block {@code block[0, length)}. */
    public List<HeaderField> decode(byte[] block, int length) throws HpackException, TooLarge {
        List<HeaderField> fields = new ArrayList<>(12);
        long listSize = 0;
        boolean fieldSeen = false;
        int[] at = {0};
        while (at[0] < length) {
            int b = block[at[0]] & 0xff;
            HeaderField field;
            if ((b & 0x80) != 0) {
                field = entry(integer(block, length, at, 7));
            } else if ((b & 0xc0) == 0x40) {
                field = literal(block, length, at, 6);
                table.add(field);
            } else if ((b & 0xe0) == 0x20) {
                if (fieldSeen) {
                    throw new HpackException("dynamic table size update after a field");
                }
                int size = integer(block, length, at, 5);
                if (size > maxTableSize) {
                    throw new HpackException("dynamic table size update to " + size + " above the " + maxTableSize
                            + " allowed");
                }
                table.setMaxSize(size);
                continue;
            } else {
                field = literal(block, length, at, 4); // without indexing, or never indexed
            }
            fieldSeen = true;
            listSize += field.size();
            if (listSize > (long) BOMB_FACTOR * maxHeaderListSize) {
                throw new TooLarge("header list expanding to more than " + BOMB_FACTOR + " x " + maxHeaderListSize
                        + " bytes", null);
            }
            if (listSize <= maxHeaderListSize) {
                fields.add(field);
            }
        }
        if (listSize > maxHeaderListSize) {
            throw new TooLarge("header fields longer than " + maxHeaderListSize + " bytes", fields);
        }
        return fields;
    }

    private HeaderField entry(int index) throws HpackException {
        if (index == 0) {
            throw new HpackException("index 0");
        }
        if (index <= StaticTable.LENGTH) {
            return StaticTable.ENTRIES[index];
        }
        HeaderField field = table.get(index - StaticTable.LENGTH);
        if (field == null) {
            throw new HpackException("index " + index + " beyond the tables");
        }
        return field;
    }

    private HeaderField literal(byte[] block, int length, int[] at, int prefix) throws HpackException {
        int nameIndex = integer(block, length, at, prefix);
        String name = nameIndex == 0 ? string(block, length, at) : entry(nameIndex).name();
        return new HeaderField(name, string(block, length, at));
    }

    private static String string(byte[] block, int length, int[] at) throws HpackException {
        if (at[0] >= length) {
            throw new HpackException("header block ends inside a field");
        }
        boolean huffman = (block[at[0]] & 0x80) != 0;
        int size = integer(block, length, at, 7);
        if (size > length - at[0]) {
            throw new HpackException("string longer than the header block");
        }
        int from = at[0];
        at[0] += size;
        return huffman ? Huffman.decode(block, from, size) : new String(block, from, size, StandardCharsets.ISO_8859_1);
    }

    /** RFC 7541 5.1; values above 2^24 are refused (no field or table is that large). */
    static int integer(byte[] block, int length, int[] at, int prefix) throws HpackException {
        if (at[0] >= length) {
            throw new HpackException("header block ends inside an integer");
        }
        int mask = (1 << prefix) - 1;
        int value = block[at[0]++] & mask;
        if (value < mask) {
            return value;
        }
        int shift = 0;
        while (true) {
            if (at[0] >= length) {
                throw new HpackException("header block ends inside an integer");
            }
            int b = block[at[0]++] & 0xff;
            value += (b & 0x7f) << shift;
            shift += 7;
            if (value > (1 << 24) || shift > 28) {
                throw new HpackException("integer too large");
            }
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}
