package dev.netservices.client.chat;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;

import dev.netservices.client.terminal.LineSource;
import dev.netservices.client.terminal.Screen;
import dev.netservices.client.terminal.ServerText;

/**
 * Getting into the room, before anything else runs: the name from {@code --name}, else asked for, sent
 * as {@code L <name>} until the server answers {@code OK}; a refusal ({@code FAIL ...}) is shown and another
 * name asked. A lost datagram is retried a few times before giving up.
 */
final class FirstJoin {

    private static final int TIMEOUT_MS = 3000;
    private static final int TRIES = 3;

    /** The outcome: in the room under a name, the user gave up (end of input), or the server cannot be reached. */
    sealed interface Outcome {
        record Joined(String name) implements Outcome {
        }

        record GaveUp() implements Outcome {
        }

        record Unreachable() implements Outcome {
        }
    }

    private final ChatLink link;
    private final LineSource input;
    private final Screen screen;

    FirstJoin(ChatLink link, LineSource input, Screen screen) {
        this.link = link;
        this.input = input;
        this.screen = screen;
    }

    Outcome join(String givenName) throws IOException {
        String name = givenName == null ? null : givenName.strip();
        while (true) {
            while (name == null || name.isEmpty()) {
                name = input.readLine("name: ");
                if (name == null) {
                    return new Outcome.GaveUp();
                }
                name = name.strip();
            }
            String reply = null;
            for (int attempt = 0; attempt < TRIES && reply == null; attempt++) {
                try {
                    link.send("L " + name);
                    reply = awaitJoinReply();
                } catch (SocketTimeoutException e) {
                    screen.show("no answer from " + link.describe() + " yet...");
                } catch (PortUnreachableException e) {
                    screen.show("nothing listens on " + link.describe() + " (is the chat server running?)");
                    return new Outcome.Unreachable();
                }
            }
            if (reply == null) {
                screen.show("no answer from " + link.describe() + "; giving up");
                return new Outcome.Unreachable();
            }
            if (reply.equals("OK")) {
                return new Outcome.Joined(name);
            }
            screen.show(ServerText.shown(reply));
            name = null;
        }
    }

    /** Not yet a member, nothing but the answer to our L comes: OK, FAIL (the original refuses with a bare text). */
    private String awaitJoinReply() throws IOException {
        return ServerLine.withoutLineEnd(link.receive(TIMEOUT_MS));
    }
}
