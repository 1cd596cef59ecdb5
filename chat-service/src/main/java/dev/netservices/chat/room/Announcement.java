package dev.netservices.chat.room;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Optional;

/** What becomes of an admin announcement: sent to so many members, or refused with the rule it broke. */
public sealed interface Announcement {

    /** The rule {@code text} breaks, if any: it must have text, be valid Unicode (no lone surrogate), fit one
     * datagram of {@code maxBytes}, be one line without invisible format characters ({@link OneLine}). */
    static Optional<Refused> refusal(String text, int maxBytes) {
        if (text == null || text.isBlank()) {
            return Optional.of(new Refused(Rule.EMPTY, "The announcement has no text."));
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // JSON's "\ud800" without its pair: no character, UTF-8 would send "?" in its place
                return Optional.of(new Refused(Rule.NOT_TEXT, "The announcement is not valid Unicode: a lone surrogate "
                        + "U+%04X (an escape such as \\u%04x without its pair); nothing was sent.".formatted((int) c, (int) c)));
            }
        }
        int bytes = text.getBytes(UTF_8).length;
        if (bytes > maxBytes) {
            return Optional.of(new Refused(Rule.TOO_LONG,
                    "The announcement has %d bytes of UTF-8; at most %d fit one datagram (chat.max-datagram-bytes)."
                            .formatted(bytes, maxBytes)));
        }
        String broken = OneLine.problem(text);
        if ("control-char".equals(broken)) {
            return Optional.of(new Refused(Rule.CONTROL_CHARACTERS,
                    "An announcement is one line: control characters other than tab are not allowed."));
        }
        if (broken != null) {
            return Optional.of(new Refused(Rule.FORMAT_CHARACTERS, ("An announcement may not contain invisible format "
                    + "characters (Unicode Cf) such as %s: bidi controls reorder the line as members see it, zero-width "
                    + "ones hide text. Only the zero-width joiner of emoji sequences is allowed.")
                    .formatted(OneLine.firstFormatCharacter(text))));
        }
        return Optional.empty();
    }

    /** To be sent to {@code recipients} members: {@code sends} carries it. */
    record Sent(int recipients, Sends sends) implements Announcement {
    }

    /** Not sent; {@code detail} says which rule and, for a limit, by how much. */
    record Refused(Rule rule, String detail) implements Announcement {
    }

    /** The rules an announcement must keep, each with a short title for the admin. */
    enum Rule {
        EMPTY("Empty announcement"),
        NOT_TEXT("Announcement is not valid text"),
        TOO_LONG("Announcement too long"),
        CONTROL_CHARACTERS("Control characters in announcement"),
        FORMAT_CHARACTERS("Format characters in announcement");

        private final String title;

        Rule(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }
}
