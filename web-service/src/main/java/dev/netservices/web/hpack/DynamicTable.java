package dev.netservices.web.hpack;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The dynamic table of RFC 7541 2.3.2 and 4: newest entry first (index 62 in the combined space), evicting
 * the oldest while the sum of entry sizes is above the current maximum. An entry larger than the maximum
 * empties the table and is not added (4.4).
 */
final class DynamicTable {

    private final ArrayDeque<HeaderField> entries = new ArrayDeque<>();
    private int size;
    private int maxSize;

    DynamicTable(int maxSize) {
        this.maxSize = maxSize;
    }

    int maxSize() {
        return maxSize;
    }

    int length() {
        return entries.size();
    }

    int size() {
        return size;
    }

    void setMaxSize(int newMax) {
        maxSize = newMax;
        evictTo(newMax);
    }

    void add(HeaderField field) {
        int fieldSize = field.size();
        if (fieldSize > maxSize) {
            entries.clear();
            size = 0;
            return;
        }
        evictTo(maxSize - fieldSize);
        entries.addFirst(field);
        size += fieldSize;
    }

    /** @param index 1 for the newest entry */
    HeaderField get(int index) {
        if (index < 1 || index > entries.size()) {
            return null;
        }
        Iterator<HeaderField> it = entries.iterator();
        HeaderField field = null;
        for (int i = 0; i < index; i++) {
            field = it.next();
        }
        return field;
    }

    /** The 1-based index of this exact field, or 0. */
    int indexOf(HeaderField field) {
        int i = 1;
        for (HeaderField entry : entries) {
            if (entry.equals(field)) {
                return i;
            }
            i++;
        }
        return 0;
    }

    private void evictTo(int target) {
        while (size > target && !entries.isEmpty()) {
            size -= entries.removeLast().size();
        }
    }
}
