package dev.netservices.chat.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.netservices.chat.room.Member;
import dev.netservices.chat.room.OneLine;
import dev.netservices.chat.room.RoomName;

/**
 * Seals this node's publications and opens the others', checking on arrival everything a relay message carries as
 * member input is checked: whoever reaches Redis must not get past the relay what a member could not send.
 * <pre>
 *   publication := origin GS seal GS batch          (GS: 0x1D)
 *   seal        := base64(HMAC-SHA256(secret, origin GS batch))
 *   batch       := message (RS message)*            (see RelayMessage)
 * </pre>
 * Refused on arrival, each counted by its reason: a publication over {@code MAX_BATCH} datagrams' worth
 * ({@code oversize}), not in this shape ({@code malformed}), from a node name that breaks the node-name rule
 * ({@code bad-origin}), without a seal an accepted secret made ({@code bad-seal}); within a sealed one each message
 * that is not {@code sentAt US kind US text} ({@code malformed}), sent further than the node timeout from now
 * ({@code stale}: a replay, or a clock far off), of a kind this node does not know ({@code unknown-kind}), a line of
 * more than {@code chat.max-datagram-bytes} ({@code oversize}), with control or format characters
 * ({@code control-char}, {@code format-char}), a removal or private message naming no valid member name
 * ({@code bad-name}), a room line naming no valid room ({@code bad-room}).
 */
final class RelaySeal {

    /** A node's name: what {@code chat.cluster.node-name} allows, and what a generated one is made of. */
    static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final String HEADER_SEPARATOR = "\u001d";

    /** What was accepted of a publication (in order), and the reasons of each message refused. */
    record Opened(List<RelayMessage> messages, List<String> refused) {
    }

    private final ClusterSecret secret;
    private final int maxDatagramBytes;
    private final long windowMillis;
    private final int maxPublicationChars;

    /** {@code windowMillis}: how far from now a message's send time may be, the node timeout. */
    RelaySeal(ClusterSecret secret, int maxDatagramBytes, long windowMillis) {
        this.secret = secret;
        this.maxDatagramBytes = maxDatagramBytes;
        this.windowMillis = windowMillis;
        this.maxPublicationChars = RelayPublisher.MAX_BATCH * (maxDatagramBytes + 64) + 256;
    }

    String seal(String origin, String batch) {
        String sealed = origin + HEADER_SEPARATOR + batch;
        return origin + HEADER_SEPARATOR + secret.seal(sealed) + HEADER_SEPARATOR + batch;
    }

    Opened open(String publication, long nowMillis) {
        if (publication.length() > maxPublicationChars) {
            return refusedWhole("oversize");
        }
        int first = publication.indexOf(HEADER_SEPARATOR);
        int second = first < 0 ? -1 : publication.indexOf(HEADER_SEPARATOR, first + 1);
        if (second < 0) {
            return refusedWhole("malformed");
        }
        String origin = publication.substring(0, first);
        if (!isNodeName(origin)) {
            return refusedWhole("bad-origin");
        }
        String batch = publication.substring(second + 1);
        if (!secret.opens(origin + HEADER_SEPARATOR + batch, publication.substring(first + 1, second))) {
            return refusedWhole("bad-seal");
        }
        List<RelayMessage> messages = new ArrayList<>(1);
        List<String> refused = new ArrayList<>(0);
        for (String encoded : batch.split(RelayMessage.BATCH_SEPARATOR, -1)) {
            String[] fields = encoded.split(RelayMessage.SEPARATOR, 3);
            String problem = problem(fields, nowMillis);
            if (problem != null) {
                refused.add(problem);
            } else {
                messages.add(new RelayMessage(origin, Long.parseLong(fields[0]), RelayMessage.Kind.valueOf(fields[1]), fields[2]));
            }
        }
        return new Opened(messages, refused);
    }

    /** Why a message's fields are refused, or null when they are a message this node acts on. */
    private String problem(String[] fields, long nowMillis) {
        if (fields.length != 3 || !isMillis(fields[0])) {
            return "malformed";
        }
        if (Math.abs(nowMillis - Long.parseLong(fields[0])) > windowMillis) {
            return "stale";
        }
        String text = fields[2];
        if (fields[1].equals("LINE") || fields[1].equals("ALL")) {
            return lineProblem(text); // most messages: no fields inside the text to split
        }
        String[] parts = text.split(RelayMessage.SEPARATOR, 2);
        return switch (fields[1]) {
            case "ROOM" -> parts.length != 2 ? "malformed" : RoomName.problem(parts[0]) ? "bad-room" : lineProblem(parts[1]);
            case "PRIVATE" -> parts.length != 2 ? "malformed" : !Member.isValidName(parts[0]) ? "bad-name" : lineProblem(parts[1]);
            case "REMOVE" -> !Member.isValidName(parts[0]) ? "bad-name" : parts.length == 2 ? OneLine.problem(parts[1]) : null;
            case "SANCTIONS" -> text.equals(RelayMessage.SANCTIONS_CHANGED) ? null : "malformed";
            default -> "unknown-kind";
        };
    }

    /** {@link #NODE_NAME} by a loop: every publication's origin is checked, and the regex showed in the receiving node's profile. */
    static boolean isNodeName(String origin) {
        if (origin.isEmpty() || origin.length() > 64) {
            return false;
        }
        for (int i = 0; i < origin.length(); i++) {
            char c = origin.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** 1 to 15 ASCII digits; a loop, not {@code String.matches}, which compiles its pattern on every call. */
    private static boolean isMillis(String field) {
        if (field.isEmpty() || field.length() > 15) {
            return false;
        }
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private String lineProblem(String text) {
        return text.isEmpty() ? "malformed" : utf8Length(text) > maxDatagramBytes ? "oversize" : OneLine.problem(text);
    }

    /** The UTF-8 length of {@code text} (an unpaired surrogate as the one byte '?' it is encoded to), counted without encoding it. */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static Opened refusedWhole(String reason) {
        return new Opened(List.of(), List.of(reason));
    }
}
