package dev.netservices.files.session;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the arguments of a command that takes two names ({@code RENAME}): each is a bare word, or a
 * double-quoted string in which {@code \"} is {@code "} and {@code \\} is {@code \}, so names with
 * spaces fit on one line. Null when the text is not such a list (an unbalanced quote, a stray escape).
 */
final class QuotedNames {

    private QuotedNames() {
    }

    static List<String> split(String text) {
        List<String> names = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (text.charAt(i) == ' ') {
                i++;
                continue;
            }
            StringBuilder name = new StringBuilder();
            if (text.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i++);
                    if (c == '"') {
                        closed = true;
                        break;
                    }
                    if (c == '\\') {
                        if (i == n || (text.charAt(i) != '"' && text.charAt(i) != '\\')) {
                            return null;
                        }
                        c = text.charAt(i++);
                    }
                    name.append(c);
                }
                if (!closed || (i < n && text.charAt(i) != ' ')) {
                    return null;
                }
            } else {
                while (i < n && text.charAt(i) != ' ') {
                    name.append(text.charAt(i++));
                }
            }
            names.add(name.toString());
        }
        return names;
    }
}
