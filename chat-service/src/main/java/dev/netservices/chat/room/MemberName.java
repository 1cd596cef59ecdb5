package dev.netservices.chat.room;

import java.text.Normalizer;
import java.util.Optional;

import dev.netservices.common.text.NameFold;

/**
 * The rule for names, and when two names are the same one.
 *
 * <p>A name has 1 to 32 characters; after Unicode NFKC normalisation each is a letter or digit, {@code _} or
 * {@code -}. Invisible format characters (bidi overrides such as U+202E, zero-width ones such as U+200B) are
 * refused with their own reason: they make one name look like another, or reorder the line it appears in.
 *
 * <p>Two names are the same when their NFKC forms agree after case folding, so {@code Alice}, {@code ALICE}
 * and the full-width {@code Ａlice} are one name.
 */
final class MemberName {

    static final int MAX_CHARACTERS = 32;

    /** What is wrong with a name: a message key and the value that fills it. */
    record Problem(String key, Object argument) {
    }

    private MemberName() {
    }

    /** Empty when the name is acceptable. */
    static Optional<Problem> problem(String name) {
        int characters = name.codePointCount(0, name.length());
        if (characters < 1 || characters > MAX_CHARACTERS) {
            return Optional.of(new Problem("fail.name-length", MAX_CHARACTERS));
        }
        Optional<Integer> format = name.codePoints().filter(c -> Character.getType(c) == Character.FORMAT).boxed().findFirst();
        if (format.isPresent()) {
            return Optional.of(new Problem("fail.name-format", "U+%04X".formatted(format.get())));
        }
        boolean allowed = Normalizer.normalize(name, Normalizer.Form.NFKC).codePoints()
                .allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-');
        return allowed ? Optional.empty() : Optional.of(new Problem("fail.name-chars", ""));
    }

    /** The form two names are compared in: common's {@link NameFold}, the rule file names follow too. */
    static String key(String name) {
        return NameFold.key(name);
    }
}
