package dev.netservices.client.chat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

import dev.netservices.client.cli.DurationValue;
import dev.netservices.client.cli.ExitStatus;
import dev.netservices.client.terminal.Screen;

/**
 * The chat session's rules once in the room: what a typed line becomes, what an arrival means, when to
 * ping and when to join again. Called from the keyboard, receiver and keepalive threads, under this
 * object's lock.
 *
 * <pre>
 *   (joined) ──► IN_ROOM ──"not in the room" / server answers again after silence──► REJOINING
 *                  ▲  │                                                                │   │
 *                  │  └─ quit, /quit, Ctrl-D ─► LEAVING ─ EXIT or 1 s ─► end (0)         │   │
 *                  └─────────────────────────────── OK ─────────────────────────────────┘   │
 *            OUT ◄──────────────────────────── FAIL (name taken...) ─────────────────────────┘
 *   OUT: /join NAME tries again.  Any state: EXIT from the server ─► end (0); removed ─► end (1).
 * </pre>
 * The room the member is in ({@code #lobby} at first) changes on {@code OK #room}, the server's answer to
 * {@code /join #room} or {@code /part}; after joining again (a restarted server puts everyone in the lobby) the
 * session asks for its room back.
 */
final class RoomSession {

    /** A line refused as "not in the room" is sent again after rejoining if it went out this recently. */
    private static final Duration RESEND_WITHIN = Duration.ofSeconds(10);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HH:mm:ss");

    enum State { IN_ROOM, REJOINING, OUT, LEAVING }

    /** How the session tells the client it is over. */
    interface Ending {
        /** The server answered our leaving with EXIT. */
        void exitReceived();

        /** The session is over, with this exit status. */
        void end(int status);
    }

    private final ChatSettings settings;
    private final ChatLink link;
    private final Screen screen;
    private final Keepalive keepalive;
    private final LongSupplier nanoTime;
    private final Clock wallClock;
    private final Ending ending;
    private final Deque<String> waitingLines = new ArrayDeque<>();
    private State state = State.IN_ROOM;
    private String name;
    private String joiningAs;
    private String lastSaid;
    private long lastSaidAt;
    private int pingsTyped;
    private String room = LOBBY;
    private final ChatLook look;
    private final KnownNames names;

    static final String LOBBY = "#lobby";

    RoomSession(String name, ChatSettings settings, ChatLink link, Screen screen, Keepalive keepalive, LongSupplier nanoTime,
            Clock wallClock, Ending ending) {
        this(name, settings, link, screen, keepalive, nanoTime, wallClock, ending, new ChatLook(false), new KnownNames());
    }

    RoomSession(String name, ChatSettings settings, ChatLink link, Screen screen, Keepalive keepalive, LongSupplier nanoTime,
            Clock wallClock, Ending ending, ChatLook look, KnownNames names) {
        this.look = look;
        this.names = names;
        this.name = name;
        this.settings = settings;
        this.link = link;
        this.screen = screen;
        this.keepalive = keepalive;
        this.nanoTime = nanoTime;
        this.wallClock = wallClock;
        this.ending = ending;
    }

    /** One typed line; false once it was the last (quit). */
    boolean typed(String text) {
        if (text.isEmpty()) {
            return true;
        }
        if (text.equals("quit") || text.equals("/quit")) {
            return false;
        }
        synchronized (this) {
            if (text.startsWith("/join #") || text.equals("/part")) {
                send(text); // a move: answered OK #room
            } else if (text.startsWith("/join ") || text.startsWith("L ")) {
                requestJoin(text.substring(text.indexOf(' ') + 1).strip());
            } else if (text.startsWith("/")) {
                pingsTyped += text.equals("/ping") ? 1 : 0;
                send(text);
            } else if (state == State.IN_ROOM) {
                lastSaid = text;
                lastSaidAt = nanoTime.getAsLong();
                send("C " + name + " " + text);
            } else if (state == State.REJOINING) {
                waitingLines.add(text);
            } else if (state == State.OUT) {
                screen.show("you are not in the room: /join NAME to join, quit to leave");
            }
        }
        return true;
    }

    /** The prompt on a terminal: the room the member is in. */
    synchronized String prompt() {
        return room + "> ";
    }

    /** Sends Q when in the room (or on the way back in); true when an EXIT is then worth waiting for. */
    synchronized boolean leave() {
        boolean inRoom = state == State.IN_ROOM || state == State.REJOINING;
        if (inRoom) {
            send("Q " + name);
        }
        state = State.LEAVING;
        return inRoom;
    }

    synchronized void arrived(ServerLine line) {
        if (keepalive != null && keepalive.heard(nanoTime.getAsLong()) && state == State.IN_ROOM) {
            screen.show("the server at " + link.describe() + " answers again; checking you are still in the room as " + name);
            rejoin();
        }
        // An if chain, not a switch with patterns: the client is built for Java 17 (DESIGN.md), which has none.
        if (line instanceof ServerLine.Joined) {
            joinAccepted();
        } else if (line instanceof ServerLine.Moved moved) {
            room = moved.room();
            screen.show("You are in " + room + ".");
        } else if (line instanceof ServerLine.Refused refused) {
            joinRefused(refused.reason());
        } else if (line instanceof ServerLine.Pong) {
            if (pingsTyped > 0) {
                pingsTyped--;
                show("PONG");
            }
        } else if (line instanceof ServerLine.Exit) {
            ending.exitReceived();
            if (state != State.LEAVING) {
                screen.show("the server ended your session");
                ending.end(ExitStatus.OK);
            }
        } else if (line instanceof ServerLine.NotInRoom) {
            forgotten();
        } else if (line instanceof ServerLine.Removed removed) {
            show(removed.text());
            screen.show("(you are out of the room; start the client again to come back)");
            ending.end(ExitStatus.FAILED);
        } else if (line instanceof ServerLine.Text text) {
            names.heard(text.text());
            show(look.render(text.text()));
        } else {
            throw new IllegalStateException("a ServerLine this session does not handle: " + line);
        }
    }

    /** The server answered a line with "not in the room": it restarted (or forgot us); join again, same name. */
    private void forgotten() {
        if (state == State.LEAVING) {
            ending.exitReceived();
            return;
        }
        if (state != State.IN_ROOM) {
            return;
        }
        screen.show("the server no longer has you in the room (did it restart?); joining again as " + name);
        if (lastSaid != null && nanoTime.getAsLong() - lastSaidAt < RESEND_WITHIN.toNanos()) {
            waitingLines.addFirst(lastSaid);
            lastSaid = null;
        }
        rejoin();
    }

    private void rejoin() {
        state = State.REJOINING;
        joiningAs = name;
        send("L " + name);
    }

    private void requestJoin(String newName) {
        if (newName.isEmpty()) {
            screen.show("/join NAME: which name?");
            return;
        }
        joiningAs = newName;
        if (state == State.OUT) {
            state = State.REJOINING;
        }
        send("L " + newName);
    }

    private void joinAccepted() {
        if (joiningAs == null) {
            return;
        }
        boolean renamed = !joiningAs.equals(name);
        name = joiningAs;
        joiningAs = null;
        state = State.IN_ROOM;
        screen.show(renamed ? "You are in the room as " + name + "." : "You are in the room as " + name + " again.");
        if (!renamed && !room.equals(LOBBY)) {
            send("/join " + room); // joined again after a restart: in the lobby; back to the room we were in
        }
        while (!waitingLines.isEmpty()) {
            String text = waitingLines.poll();
            lastSaid = text;
            lastSaidAt = nanoTime.getAsLong();
            send("C " + name + " " + text);
        }
    }

    private void joinRefused(String reason) {
        if (joiningAs == null) {
            show("FAIL " + reason);
            return;
        }
        String refusedName = joiningAs;
        joiningAs = null;
        if (state == State.REJOINING) {
            state = State.OUT;
            int lost = waitingLines.size();
            waitingLines.clear();
            screen.show("cannot join the room as " + refusedName + ": " + reason + (lost > 0 ? " (" + lost + " line(s) not sent)" : "")
                    + "; /join NAME with another name, or quit");
        } else {
            screen.show("cannot rename to " + refusedName + ": " + reason);
        }
    }

    // Under the session's lock like arrived(): "has not answered" is always shown before a later "answers again".
    synchronized void tick() {
        Keepalive.Action action = keepalive.tick(nanoTime.getAsLong());
        if (action == Keepalive.Action.PING || action == Keepalive.Action.PING_AND_REPORT_SILENT) {
            sendQuietly("/ping");
        }
        if (action == Keepalive.Action.REPORT_SILENT || action == Keepalive.Action.PING_AND_REPORT_SILENT) {
            screen.show("the server at " + link.describe() + " has not answered for "
                    + DurationValue.describe(settings.keepalive().multipliedBy(2)) + "; your lines may not arrive; still trying");
        }
    }

    private void send(String datagram) {
        if (keepalive != null) {
            keepalive.sent(nanoTime.getAsLong());
        }
        try {
            link.send(datagram);
        } catch (IOException e) {
            screen.show("could not send: " + e.getMessage());
        }
    }

    private void sendQuietly(String datagram) {
        try {
            link.send(datagram);
        } catch (IOException e) {
            // the silence that follows is reported by the keepalive
        }
    }

    private void show(String text) {
        screen.show(settings.timestamps() ? "[" + LocalTime.now(wallClock).format(STAMP) + "] " + text : text);
    }
}
