package dev.netservices.web.hpack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one connection's header blocks (RFC 7541 6), keeping its dynamic table across blocks.
 *
 * <p>Two limits hold a small block from becoming a large list (an "HPACK bomb": one 4 KiB table entry
 * referenced by one-byte indexes): the decoded list is held to {@code maxHeaderListSize} (RFC 7541 4.1 sizes)
 * and the block is refused past it, and a table size update may not exceed the size we advertised in
 * SETTINGS_HEADER_TABLE_SIZE. A refused block leaves the table out of step with the peer's, so the caller
 * must end the connection (RFC 9113 4.3).
 */
public final class HpackDecoder {

    /** Why a block was refused: the list it expands to is too long, or its encoding is broken. */
    public static final class TooLarge extends Exception {
        TooLarge(String message) {
            super(message, null, false, false);
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
        int listSize = 0;
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
            if (listSize > maxHeaderListSize) {
                throw new TooLarge("header list larger than " + maxHeaderListSize + " bytes");
            }
            fields.add(field);
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
