package dev.netservices.client.chat;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Completion for the chat prompt: the commands as the first word, and after {@code /msg} the names this client has
 * seen: every name of a {@code /who} answer, whoever entered or spoke. Names are learnt from arrivals (the receive
 * thread) and read by JLine (the keyboard thread), so they are kept in a concurrent set.
 */
final class KnownNames implements Completer {

    static final List<String> COMMANDS = List.of("/who", "/rooms", "/join", "/part", "/msg", "/ping", "/help", "/quit", "quit");
    /** Remembered at most (a room of strangers must not grow the client without end). */
    static final int MAX_NAMES = 1000;

    private final Set<String> names = new ConcurrentSkipListSet<>(String.CASE_INSENSITIVE_ORDER);

    /** Learns what names a line from the room shows (it is already {@code ServerText.shown}). */
    void heard(String text) {
        String line = text;
        for (String mark : new String[] {"(private) ", "（私聊）"}) {
            if (line.startsWith(mark)) {
                line = line.substring(mark.length());
            }
        }
        if (line.startsWith("members (") || line.startsWith("成员（")) {
            int colon = line.indexOf(line.startsWith("m") ? "): " : "）：");
            if (colon > 0) {
                for (String name : line.substring(colon + (line.startsWith("m") ? 3 : 2)).split(line.startsWith("m") ? ", " : ", |，")) {
                    learn(name);
                }
            }
            return;
        }
        int space = line.indexOf(' ');
        if (space > 0 && (line.startsWith(" : ", space) || line.startsWith(" entered ", space))) {
            learn(line.substring(0, space));
        }
    }

    private void learn(String name) {
        if (!name.isEmpty() && !name.contains(" ") && !name.startsWith("and") && names.size() < MAX_NAMES) {
            names.add(name);
        }
    }

    List<String> names() {
        return List.copyOf(names);
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            COMMANDS.forEach(command -> candidates.add(new Candidate(command)));
        } else if (line.wordIndex() == 1 && line.words().get(0).toLowerCase(Locale.ROOT).equals("/msg")) {
            names.forEach(name -> candidates.add(new Candidate(name)));
        }
    }
}
