package dev.netservices.client.chat;

import dev.netservices.client.terminal.ServerText;

/**
 * What one datagram from the room means to this client (docs/chat-protocol.md). {@code OK}, {@code FAIL},
 * {@code ERROR}, {@code PONG} and {@code EXIT} are protocol tokens; the removal notices and the
 * not-a-member error are texts, so they are recognised in the two languages the room speaks
 * ({@code chat.locale} English or {@code zh-CN}). Every text a line carries is already {@link ServerText#shown}:
 * whatever a member (or a hostile server) put in it, it prints as one visible line.
 */
sealed interface ServerLine {

    /** The join (or rename) was accepted. */
    record Joined() implements ServerLine {
    }

    /** A move to another room was accepted: {@code OK #room}. */
    record Moved(String room) implements ServerLine {
    }

    /** The join was refused: {@code FAIL <reason>}. */
    record Refused(String reason) implements ServerLine {
    }

    /** The answer to a {@code /ping}. */
    record Pong() implements ServerLine {
    }

    /** The answer to leaving. */
    record Exit() implements ServerLine {
    }

    /** The server does not know this address (it restarted, or removed us): {@code ERROR not in the room...}. */
    record NotInRoom(String text) implements ServerLine {
    }

    /** The admin or the idle sweep removed us; the text says which. */
    record Removed(String text) implements ServerLine {
    }

    /** Anything else: a member's line, an announcement, a reply to show as it is. */
    record Text(String text) implements ServerLine {
    }

    static String withoutLineEnd(String datagram) {
        return datagram.endsWith("\r\n") ? datagram.substring(0, datagram.length() - 2)
                : datagram.endsWith("\n") ? datagram.substring(0, datagram.length() - 1) : datagram;
    }

    static ServerLine of(String datagram) {
        String line = withoutLineEnd(datagram);
        return switch (line) {
            case "OK" -> new Joined();
            case "PONG" -> new Pong();
            case "EXIT" -> new Exit();
            default -> {
                if (line.startsWith("OK #")) {
                    yield new Moved(ServerText.shown(line.substring(3)));
                }
                if (line.startsWith("FAIL ")) {
                    yield new Refused(ServerText.shown(line.substring(5)));
                }
                if (line.startsWith("ERROR not in the room") || line.startsWith("ERROR 你不在聊天室中")) {
                    yield new NotInRoom(ServerText.shown(line));
                }
                if (line.startsWith("you were removed from the room") || line.startsWith("你已被管理员移出聊天室")
                        || (line.startsWith("你沉默了") && line.contains("已被移出聊天室"))) {
                    yield new Removed(ServerText.shown(line));
                }
                yield new Text(ServerText.shown(line));
            }
        };
    }
}
