package dev.netservices.client.chat;

/**
 * How a line from the room is drawn: on a terminal, private messages and replayed history set apart by colour and
 * each speaker's name in a colour of its own, the same for a name every time (chosen from the name, not from the
 * order of arrival, so alice is the same colour in every session); redirected to a file or a pipe, the text exactly
 * as the room sent it (the room already marks {@code (private)} and {@code (history ...)} in words). The text given is
 * already {@code ServerText.shown}: the escapes added here are the client's own, never the server's.
 */
final class ChatLook {

    private static final String RESET = "\u001b[0m";
    private static final String DIM = "\u001b[2m";
    private static final String PRIVATE = "\u001b[1;35m";
    /** Name colours: red, green, yellow, blue, cyan and their bright forms (magenta is for private messages). */
    private static final String[] NAMES = {"31", "32", "33", "34", "36", "91", "92", "93", "94", "96"};
    private static final String[] PRIVATE_MARKS = {"(private) ", "（私聊）"};
    private static final String[] HISTORY_MARKS = {"(history ", "（历史 "};

    private final boolean colour;

    ChatLook(boolean colour) {
        this.colour = colour;
    }

    String render(String text) {
        if (!colour) {
            return text;
        }
        for (String mark : PRIVATE_MARKS) {
            if (text.startsWith(mark)) {
                return PRIVATE + mark.strip() + RESET + " " + said(text.substring(mark.length()));
            }
        }
        for (String mark : HISTORY_MARKS) {
            int end = text.indexOf(mark.startsWith("(") ? ") " : "）");
            if (text.startsWith(mark) && end > 0) {
                int after = end + (mark.startsWith("(") ? 2 : 1);
                return DIM + text.substring(0, after) + RESET + said(text.substring(after));
            }
        }
        return said(text);
    }

    /** {@code name : text} with the name coloured; anything else as it is. */
    private static String said(String text) {
        int colon = text.indexOf(" : ");
        if (colon <= 0 || text.substring(0, colon).contains(" ")) {
            return text;
        }
        String name = text.substring(0, colon);
        return "\u001b[" + colourOf(name) + "m" + name + RESET + text.substring(colon);
    }

    /** The same name gets the same colour in every session: {@link String#hashCode} is fixed by the Java spec. */
    static String colourOf(String name) {
        return NAMES[Math.floorMod(name.toLowerCase(java.util.Locale.ROOT).hashCode(), NAMES.length)];
    }
}
