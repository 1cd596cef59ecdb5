package dev.netservices.chat.room;

import java.text.Normalizer;
import java.util.Optional;

import dev.netservices.common.text.NameFold;

/**
 * A room's name as typed ({@code shown}) and in the form two names are compared in ({@code key}): {@code #} and 1 to
 * 32 letters, digits, {@code -} or {@code _} after NFKC, compared after NFKC and case folding like member names, so
 * {@code #Ops} and {@code #ＯＰＳ} are one room. {@link #LOBBY} is the room everyone starts in: the seed's one room.
 */
public record RoomName(String shown, String key) {

    public static final int MAX_CHARACTERS = 32;
    public static final RoomName LOBBY = new RoomName("#lobby", "#lobby");

    /** The room {@code name} names, or empty when it breaks the rule ({@link #problem}). */
    public static Optional<RoomName> of(String name) {
        return problem(name) ? Optional.empty() : Optional.of(new RoomName(name, "#" + NameFold.key(name.substring(1))));
    }

    /** Whether {@code name} breaks the rule for room names. */
    public static boolean problem(String name) {
        if (name == null || !name.startsWith("#")) {
            return true;
        }
        String rest = name.substring(1);
        int characters = rest.codePointCount(0, rest.length());
        if (characters < 1 || characters > MAX_CHARACTERS) {
            return true;
        }
        if (rest.codePoints().anyMatch(c -> Character.getType(c) == Character.FORMAT)) {
            return true;
        }
        return !Normalizer.normalize(rest, Normalizer.Form.NFKC).codePoints()
                .allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-');
    }

    public boolean isLobby() {
        return key.equals(LOBBY.key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RoomName room && room.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return shown;
    }
}
