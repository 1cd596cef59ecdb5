package dev.netservices.chat.cluster;

import java.util.List;

/**
 * What nodes tell each other on the Redis channel: a line or notice for the members of the lobby ({@code LINE}: a
 * line, a join or leave notice, a removal notice; the seed's one room, unchanged), of another room ({@code ROOM}:
 * {@code room US text}), of every room ({@code ALL}: the admin's announcement), for one member ({@code PRIVATE}:
 * {@code name US text}), a request to the node holding a member to remove it ({@code REMOVE}: {@code name} or
 * {@code name US reason}), or word that the bans and mutes in Redis changed ({@code SANCTIONS}). One message is {@code sentAtMillis US kind US text}; fields are separated by the ASCII unit
 * separator (US, 0x1F), a control character that no room text holds (the room refuses control characters).
 *
 * <p>One publication carries a batch of one node's messages in the order sent, separated by the record separator
 * (RS, 0x1E), behind the node's name and the batch's seal: see {@link RelaySeal}, which also checks every field on
 * arrival.
 *
 * @param origin the node that sent it (the publication's, not repeated per message)
 */
record RelayMessage(String origin, long sentAtMillis, Kind kind, String text) {

    enum Kind { LINE, ROOM, ALL, PRIVATE, REMOVE, SANCTIONS }

    static final String SEPARATOR = "\u001f";
    static final String BATCH_SEPARATOR = "\u001e";
    /** The whole text of a {@code SANCTIONS} message. */
    static final String SANCTIONS_CHANGED = "changed";

    String encode() {
        return sentAtMillis + SEPARATOR + kind + SEPARATOR + text;
    }

    static String encodeBatch(List<String> encoded) {
        return String.join(BATCH_SEPARATOR, encoded);
    }
}
