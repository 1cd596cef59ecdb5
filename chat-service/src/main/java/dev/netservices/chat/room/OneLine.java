package dev.netservices.chat.room;

/**
 * The one rule for text that members read, from a datagram or from the admin: a single line, so no control
 * character but tab. A newline inside a message would let its sender print a line that looks like someone else's.
 */
final class OneLine {

    private OneLine() {
    }

    static boolean allows(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                return false;
            }
        }
        return true;
    }
}
