package dev.netservices.chat.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What nodes tell each other on the room's Redis channel: a notice for every member ({@code LINE}: a line, a
 * join or leave notice, an announcement, a removal notice) or a request to the node holding a member to remove
 * it ({@code REMOVE}). One text line: {@code origin US sentAtMillis US kind US text}; fields are separated by the
 * ASCII unit separator (US, 0x1F), a control character that a node name or a room text never holds.
 *
 * <p>One publication on the channel carries a batch: one or more messages of one node in the order sent, separated
 * by the record separator (RS, 0x1E), another control character no field holds. A batch of one is exactly the
 * message, so a node reads what an older node publishes.
 */
record RelayMessage(String origin, long sentAtMillis, Kind kind, String text) {

    enum Kind { LINE, REMOVE }

    private static final String SEPARATOR = "\u001f";
    private static final String BATCH_SEPARATOR = "\u001e";

    String encode() {
        return origin + SEPARATOR + sentAtMillis + SEPARATOR + kind + SEPARATOR + text;
    }

    static String encodeBatch(List<String> encoded) {
        return encoded.size() == 1 ? encoded.getFirst() : String.join(BATCH_SEPARATOR, encoded);
    }

    /** The messages of one publication, in order; anything in it that is not a relay message is left out. */
    static List<RelayMessage> decodeBatch(String publication) {
        List<RelayMessage> messages = new ArrayList<>(1);
        int start = 0;
        while (start <= publication.length()) {
            int end = publication.indexOf(BATCH_SEPARATOR, start);
            if (end < 0) {
                end = publication.length();
            }
            decode(publication.substring(start, end)).ifPresent(messages::add);
            start = end + 1;
        }
        return messages;
    }

    /** Empty for anything that is not a relay message (another program publishing on the channel). */
    static Optional<RelayMessage> decode(String encoded) {
        String[] fields = encoded.split(SEPARATOR, 4);
        if (fields.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RelayMessage(fields[0], Long.parseLong(fields[1]), Kind.valueOf(fields[2]), fields[3]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
