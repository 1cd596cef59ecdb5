package dev.netservices.client.files;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a typed line into words as a shell would: blanks separate, {@code "..."} and {@code '...'} keep
 * blanks inside a word, a backslash takes the next character as it is ({@code get my\ file.txt}), and an
 * unquoted {@code ;} ends one command and starts the next ({@code list; get 1}).
 */
final class CommandWords {

    private CommandWords() {
    }

    /** The commands of one line, each as its words; blank commands are left out. */
    static List<List<String>> commands(String line) throws UnbalancedQuoteException {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (c == ';' || Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                if (c == ';' && !words.isEmpty()) {
                    commands.add(List.copyOf(words));
                    words.clear();
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new UnbalancedQuoteException("a " + quote + " quote is not closed");
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(List.copyOf(words));
        }
        return commands;
    }

    /** The line cannot be split: a quote was opened and never closed. */
    static final class UnbalancedQuoteException extends Exception {
        UnbalancedQuoteException(String message) {
            super(message);
        }
    }
}
