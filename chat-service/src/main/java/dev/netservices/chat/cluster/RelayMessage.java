package dev.netservices.chat.cluster;

import java.util.Optional;

/**
 * What nodes tell each other on the room's Redis channel: a notice for every member ({@code LINE}: a line, a
 * join or leave notice, an announcement, a removal notice) or a request to the node holding a member to remove
 * it ({@code REMOVE}). One text line: {@code origin US sentAtMillis US kind US text}; fields are separated by the
 * ASCII unit separator (US, 0x1F), a control character that a node name or a room text never holds.
 */
record RelayMessage(String origin, long sentAtMillis, Kind kind, String text) {

    enum Kind { LINE, REMOVE }

    private static final String SEPARATOR = "\u001f";

    String encode() {
        return origin + SEPARATOR + sentAtMillis + SEPARATOR + kind + SEPARATOR + text;
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
