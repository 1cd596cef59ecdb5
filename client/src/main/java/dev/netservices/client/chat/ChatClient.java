package dev.netservices.client.chat;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.netservices.client.DurationValue;
import dev.netservices.client.ExitStatus;
import dev.netservices.client.terminal.LineSource;
import dev.netservices.client.terminal.Screen;

/**
 * The terminal chat client. It speaks the original wire format ({@code L}/{@code C}/{@code Q}), so it
 * works against the original server too; lines starting with {@code /} are the service's commands and go
 * as they are. Three threads: the keyboard (typed lines), the receiver (arrivals, shown above the line
 * being typed) and the keepalive ticker; the state below is shared under this object's lock.
 *
 * <pre>
 *   FirstJoin ──OK──► IN_ROOM ──"not in the room" / server answers again after silence──► REJOINING
 *                       ▲  │                                                                 │   │
 *                       │  └─ quit, /quit, Ctrl-D ─► LEAVING ─ EXIT or 1 s ─► end (0)          │   │
 *                       └─────────────────────────────── OK ──────────────────────────────────┘   │
 *                 OUT ◄──────────────────────────── FAIL (name taken...) ──────────────────────────┘
 *   OUT: /join NAME tries again.  Any state: EXIT from the server ─► end (0); removed ─► end (1).
 * </pre>
 */
public final class ChatClient {

    private static final Duration LEAVE_WAIT = Duration.ofSeconds(1);
    /** A line refused as "not in the room" is sent again after rejoining if it went out this recently. */
    private static final Duration RESEND_WITHIN = Duration.ofSeconds(10);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HH:mm:ss");

    enum State { IN_ROOM, REJOINING, OUT, LEAVING }

    private final ChatSettings settings;
    private final LineSource input;
    private final Screen screen;
    private final LongSupplier nanoTime;
    private final Clock wallClock;
    private final CompletableFuture<Integer> ended = new CompletableFuture<>();
    private final CountDownLatch exitReceived = new CountDownLatch(1);
    private final Deque<String> waitingLines = new ArrayDeque<>();
    private ChatLink link;
    private Keepalive keepalive;
    private State state = State.IN_ROOM;
    private String name;
    private String joiningAs;
    private String lastSaid;
    private long lastSaidAt;
    private int pingsTyped;
    private boolean unreachableTold;

    ChatClient(ChatSettings settings, LineSource input, Screen screen, LongSupplier nanoTime, Clock wallClock) {
        this.settings = settings;
        this.input = input;
        this.screen = screen;
        this.nanoTime = nanoTime;
        this.wallClock = wallClock;
    }

    public static ChatClient of(ChatSettings settings, LineSource input, Screen screen) {
        return new ChatClient(settings, input, screen, System::nanoTime, Clock.systemDefaultZone());
    }

    /** 0 after leaving (or the server's EXIT), 1 when the server cannot be reached or removed us. */
    public int run() {
        if (settings.server().isUnresolved()) {
            screen.show("unknown host " + settings.server().getHostString());
            return ExitStatus.FAILED;
        }
        ScheduledExecutorService ticker = null;
        try (ChatLink opened = new ChatLink(settings.server())) {
            link = opened;
            FirstJoin.Outcome outcome = new FirstJoin(link, input, screen).join(settings.name());
            if (!(outcome instanceof FirstJoin.Outcome.Joined joined)) {
                return outcome instanceof FirstJoin.Outcome.GaveUp ? ExitStatus.OK : ExitStatus.FAILED;
            }
            name = joined.name();
            screen.show("You are in the room as " + name + ". Type a line to talk, /who to list members, quit to leave.");
            keepalive = settings.keepalive().isZero() ? null : new Keepalive(settings.keepalive(), nanoTime.getAsLong());
            Thread.ofPlatform().name("chat-receiver").daemon(true).start(this::receive);
            Thread.ofPlatform().name("chat-keyboard").daemon(true).start(this::readKeyboard);
            if (keepalive != null) {
                ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("chat-keepalive").daemon(true).factory());
                long every = Math.max(10, settings.keepalive().toMillis() / 5);
                ticker.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
            }
            return ended.get();
        } catch (IOException e) {
            screen.show("chat: " + e.getMessage());
            return ExitStatus.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitStatus.OK;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
    }

    private void readKeyboard() {
        try {
            String line;
            while ((line = input.readLine("")) != null) {
                if (!typed(line.strip())) {
                    return;
                }
            }
        } catch (IOException e) {
            screen.show("chat: cannot read the keyboard: " + e.getMessage());
        }
        leave();
    }

    /** One typed line; false once it was the last (quit). */
    private boolean typed(String text) {
        if (text.isEmpty()) {
            return true;
        }
        if (text.equals("quit") || text.equals("/quit")) {
            leave();
            return false;
        }
        synchronized (this) {
            if (text.startsWith("/join ") || text.startsWith("L ")) {
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

    /** Leaves with Q and waits a moment for the server's EXIT, so the room's last words are shown first. */
    private void leave() {
        synchronized (this) {
            if (state == State.IN_ROOM || state == State.REJOINING) {
                send("Q " + name);
            }
            state = State.LEAVING;
        }
        try {
            exitReceived.await(LEAVE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ended.complete(ExitStatus.OK);
    }

    private void receive() {
        while (!link.isClosed() && !ended.isDone()) {
            String datagram;
            try {
                datagram = link.receive(0);
            } catch (PortUnreachableException e) {
                // ICMP from a stopped server: the keepalive notices the silence; say it once now
                if (!unreachableTold) {
                    unreachableTold = true;
                    screen.show("nothing listens on " + link.describe() + " any more; your lines may not arrive");
                }
                continue;
            } catch (IOException e) {
                return;
            }
            unreachableTold = false;
            arrived(ServerLine.of(datagram));
        }
    }

    private synchronized void arrived(ServerLine line) {
        if (keepalive != null && keepalive.heard(nanoTime.getAsLong()) && state == State.IN_ROOM) {
            screen.show("the server at " + link.describe() + " answers again; checking you are still in the room as " + name);
            rejoin();
        }
        switch (line) {
            case ServerLine.Joined joined -> joinAccepted();
            case ServerLine.Refused refused -> joinRefused(refused.reason());
            case ServerLine.Pong pong -> {
                if (pingsTyped > 0) {
                    pingsTyped--;
                    show("PONG");
                }
            }
            case ServerLine.Exit exit -> {
                exitReceived.countDown();
                if (state != State.LEAVING) {
                    screen.show("the server ended your session");
                    ended.complete(ExitStatus.OK);
                }
            }
            case ServerLine.NotInRoom notInRoom -> forgotten(notInRoom.text());
            case ServerLine.Removed removed -> {
                show(removed.text());
                screen.show("(you are out of the room; start the client again to come back)");
                ended.complete(ExitStatus.FAILED);
            }
            case ServerLine.Text text -> show(text.text());
        }
    }

    /** The server answered a line with "not in the room": it restarted (or forgot us); join again, same name. */
    private void forgotten(String text) {
        if (state == State.LEAVING) {
            exitReceived.countDown();
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

    private void tick() {
        Keepalive.Action action = keepalive.tick(nanoTime.getAsLong());
        if (action == Keepalive.Action.PING || action == Keepalive.Action.PING_AND_REPORT_SILENT) {
            synchronized (this) {
                sendQuietly("/ping");
            }
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
