package dev.netservices.client.files;

import java.io.IOException;

import dev.netservices.client.terminal.ServerText;

/** The server answered {@code ERR <code> <text>}; the message is the server's text, {@link ServerText#shown} so it prints as one visible line. */
public class ServerReplyException extends IOException {

    private final int code;

    private ServerReplyException(int code, String text) {
        super(ServerText.shown(text));
        this.code = code;
    }

    /** The reply's code (HTTP-like: 404 no such file, 409 exists, 503 busy...); 0 when the reply had none. */
    public int code() {
        return code;
    }

    /** An {@code OK} that is not the answer the command waits for (code 0): the server and the client are out of step. */
    static ServerReplyException unexpected(String command, String reply, String expected) {
        return new ServerReplyException(0, "the server answered %s with '%s' where %s was due".formatted(command, reply, expected));
    }

    static ServerReplyException of(String line) {
        // "ERR 404 no such file: x"
        String rest = line.length() > 4 ? line.substring(4) : "";
        int space = rest.indexOf(' ');
        String number = space < 0 ? rest : rest.substring(0, space);
        try {
            return new ServerReplyException(Integer.parseInt(number), space < 0 ? line : rest.substring(space + 1));
        } catch (NumberFormatException e) {
            return new ServerReplyException(0, line);
        }
    }
}
