package dev.netservices.chat.room;

import java.util.Optional;

/** The rule for names: 1 to 32 characters, each a Unicode letter or digit, {@code _} or {@code -}. */
final class MemberName {

    static final int MAX_CHARACTERS = 32;

    private MemberName() {
    }

    /** Empty when the name is acceptable, else the message key of what is wrong. */
    static Optional<String> problem(String name) {
        int characters = name.codePointCount(0, name.length());
        if (characters < 1 || characters > MAX_CHARACTERS) {
            return Optional.of("fail.name-length");
        }
        boolean allowed = name.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-');
        return allowed ? Optional.empty() : Optional.of("fail.name-chars");
    }
}
