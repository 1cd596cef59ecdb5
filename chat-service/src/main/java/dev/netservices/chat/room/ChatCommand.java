package dev.netservices.chat.room;

import java.util.ArrayList;
import java.util.List;

import dev.netservices.common.text.InvalidUtf8Exception;
import dev.netservices.common.text.StrictUtf8;

/**
 * One datagram, read as a command. The grammar (docs/chat-protocol.md) is the original client's
 * {@code L name}, {@code C name text}, {@code Q name}, plus what makes {@code nc -u} a usable client:
 * a plain line is a chat message from its sender, and {@code /join}, {@code /who}, {@code /ping},
 * {@code /quit}, {@code /say}, {@code /help}; rooms ({@code /join #room}, {@code /part}, {@code /rooms}) and private
 * messages ({@code /msg}); several lines in one datagram ({@link Lines}). A datagram that is none of these is an
 * {@link Invalid} value, never an exception: the room turns it into an error reply.
 */
public sealed interface ChatCommand {

    /** {@code L name} or {@code /join name}: enter the room, or rename when already in it. */
    record Join(String name) implements ChatCommand {
    }

    /** {@code C name text}: the original client's message, naming its sender. */
    record Say(String name, String text) implements ChatCommand {
    }

    /** A plain line (or {@code /say text}) from a member: a message without repeating the name. */
    record Talk(String text) implements ChatCommand {
    }

    /** {@code Q name}: the original client's leave, naming its sender. */
    record Leave(String name) implements ChatCommand {
    }

    /** {@code /quit} (or a bare {@code Q}): leave without naming oneself. */
    record Quit() implements ChatCommand {
    }

    /** {@code /who}: list the members. */
    record Who() implements ChatCommand {
    }

    /** {@code /ping}: answered {@code PONG}; like any datagram it keeps a member alive. */
    record Ping() implements ChatCommand {
    }

    /** {@code /join #room}: move to that room (made on first join). */
    record Enter(String room) implements ChatCommand {
    }

    /** {@code /part}: back to the room everyone starts in. */
    record Part() implements ChatCommand {
    }

    /** {@code /rooms}: the rooms with their member counts. */
    record Rooms() implements ChatCommand {
    }

    /** {@code /msg name text}: to that member only, wherever it is. */
    record Private(String name, String text) implements ChatCommand {
    }

    /** Several lines in one datagram (a paste into {@code nc -u}): each is taken as if it had come alone. */
    record Lines(List<ChatCommand> lines) implements ChatCommand {
        public Lines {
            lines = List.copyOf(lines);
        }
    }

    /** {@code /help}: one line naming the commands. */
    record Help() implements ChatCommand {
    }

    /** What was wrong with a datagram; {@code detail} fills the problem's text. */
    record Invalid(Problem problem, String detail) implements ChatCommand {
    }

    /** Why a datagram is not a command; {@code kind} names the error in metrics. */
    enum Problem {
        EMPTY("empty"), OVERSIZE("oversize"), NOT_UTF8("not-utf8"), CONTROL("control-char"), FORMAT("format-char"),
        SYNTAX("syntax"), TOO_MANY_LINES("too-many-lines"), ROOM_NAME("room-name"),
        UNKNOWN("unknown-command");

        private final String kind;

        Problem(String kind) {
            this.kind = kind;
        }

        public String kind() {
            return kind;
        }
    }

    /**
     * Reads one datagram. {@code datagram} holds what arrived, at most {@code maxBytes + 1} bytes, so that a
     * datagram longer than the limit shows up as longer rather than being silently cut.
     */
    static ChatCommand fromDatagram(byte[] datagram, int length, int maxBytes) {
        return fromDatagram(datagram, length, maxBytes, 1);
    }

    /** As {@link #fromDatagram(byte[], int, int)}, taking up to {@code maxLines} lines from one datagram. */
    public static ChatCommand fromDatagram(byte[] datagram, int length, int maxBytes, int maxLines) {
        if (length > maxBytes) {
            return new Invalid(Problem.OVERSIZE, Integer.toString(maxBytes));
        }
        String text;
        try {
            text = StrictUtf8.decode(datagram, 0, length);
        } catch (InvalidUtf8Exception e) {
            return new Invalid(Problem.NOT_UTF8, e.getMessage());
        }
        return parse(text, maxLines);
    }

    /**
     * Reads a datagram of one or more lines. A single line is read as it always was; several (separated by LF or
     * CRLF) become {@link Lines}, their blank lines skipped, up to {@code maxLines}: more, and the whole datagram is
     * refused, none of it sent. Any other control character (a lone CR too) is still refused, line by line.
     */
    static ChatCommand parse(String datagram, int maxLines) {
        String body = stripLineEnd(datagram);
        if (body.indexOf('\n') < 0) {
            return parse(datagram);
        }
        String[] parts = body.split("\n", -1);
        List<ChatCommand> lines = new ArrayList<>(parts.length);
        for (String part : parts) {
            String line = part.endsWith("\r") ? part.substring(0, part.length() - 1) : part;
            if (!line.isBlank()) {
                lines.add(parse(line));
            }
        }
        if (lines.size() > maxLines) {
            return new Invalid(Problem.TOO_MANY_LINES, Integer.toString(maxLines));
        }
        return lines.isEmpty() ? new Invalid(Problem.EMPTY, "") : lines.size() == 1 ? lines.get(0) : new Lines(lines);
    }

    /** Reads one line of text: without line end (the original client), or ending in LF or CRLF (netcat, telnet). */
    static ChatCommand parse(String datagram) {
        String line = stripLineEnd(datagram);
        if (line.isBlank()) {
            return new Invalid(Problem.EMPTY, "");
        }
        String broken = OneLine.problem(line);
        if (broken != null) {
            return broken.equals("control-char") ? new Invalid(Problem.CONTROL, "")
                    : new Invalid(Problem.FORMAT, OneLine.firstFormatCharacter(line));
        }
        if (line.startsWith("/")) {
            return slashCommand(line);
        }
        if (line.length() == 1 || line.charAt(1) == ' ') {
            String rest = line.length() > 2 ? line.substring(2) : "";
            switch (line.charAt(0)) {
                case 'L':
                    return rest.isEmpty() ? new Invalid(Problem.SYNTAX, "L <name>") : new Join(rest);
                case 'C': {
                    int space = rest.indexOf(' ');
                    if (space <= 0 || space == rest.length() - 1) {
                        return new Invalid(Problem.SYNTAX, "C <name> <text>");
                    }
                    return new Say(rest.substring(0, space), rest.substring(space + 1));
                }
                case 'Q':
                    return rest.isEmpty() ? new Quit() : new Leave(rest);
                default:
                    break;
            }
        }
        return new Talk(line);
    }

    private static ChatCommand slashCommand(String line) {
        int space = line.indexOf(' ');
        String word = space < 0 ? line : line.substring(0, space);
        String argument = space < 0 ? "" : line.substring(space + 1);
        return switch (word) {
            case "/join" -> argument.isEmpty() ? new Invalid(Problem.SYNTAX, "/join <name> or /join #<room>")
                    : !argument.startsWith("#") ? new Join(argument)
                    : RoomName.problem(argument) ? new Invalid(Problem.ROOM_NAME, argument) : new Enter(argument);
            case "/part" -> argument.isEmpty() ? new Part() : new Invalid(Problem.SYNTAX, "/part");
            case "/rooms" -> argument.isEmpty() ? new Rooms() : new Invalid(Problem.SYNTAX, "/rooms");
            case "/msg" -> privateMessage(argument);
            case "/say" -> argument.isBlank() ? new Invalid(Problem.SYNTAX, "/say <text>") : new Talk(argument);
            case "/who" -> argument.isEmpty() ? new Who() : new Invalid(Problem.SYNTAX, "/who");
            case "/ping" -> argument.isEmpty() ? new Ping() : new Invalid(Problem.SYNTAX, "/ping");
            case "/quit" -> argument.isEmpty() ? new Quit() : new Invalid(Problem.SYNTAX, "/quit");
            case "/help" -> new Help();
            default -> new Invalid(Problem.UNKNOWN, word.length() > 40 ? word.substring(0, 40) + "..." : word);
        };
    }

    private static ChatCommand privateMessage(String argument) {
        int space = argument.indexOf(' ');
        if (space <= 0 || argument.substring(space + 1).isBlank()) {
            return new Invalid(Problem.SYNTAX, "/msg <name> <text>");
        }
        return new Private(argument.substring(0, space), argument.substring(space + 1));
    }

    private static String stripLineEnd(String datagram) {
        if (datagram.endsWith("\r\n")) {
            return datagram.substring(0, datagram.length() - 2);
        }
        if (datagram.endsWith("\n")) {
            return datagram.substring(0, datagram.length() - 1);
        }
        return datagram;
    }
}
