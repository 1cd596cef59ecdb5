package dev.netservices.client.chat;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.netservices.client.cli.ExitStatus;
import dev.netservices.client.terminal.LineSource;
import dev.netservices.client.terminal.Screen;

/**
 * The terminal chat client. It speaks the original wire format ({@code L}/{@code C}/{@code Q}), so it
 * works against the original server too; lines starting with {@code /} are the service's commands and go
 * as they are. After {@link FirstJoin}, three threads feed one {@link RoomSession}: the keyboard (typed
 * lines), the receiver (arrivals, shown above the line being typed) and the keepalive ticker. The main
 * thread waits for the session to end, so the process ends even while the keyboard thread still waits
 * for a line that will never come.
 */
public final class ChatClient {

    private static final Duration LEAVE_WAIT = Duration.ofSeconds(1);

    private final ChatSettings settings;
    private final LineSource input;
    private final Screen screen;
    private final LongSupplier nanoTime;
    private final Clock wallClock;
    private final CompletableFuture<Integer> ended = new CompletableFuture<>();
    private final CountDownLatch exitReceived = new CountDownLatch(1);
    private ChatLink link;
    private RoomSession session;
    private boolean unreachableTold;

    private final KnownNames names;

    ChatClient(ChatSettings settings, LineSource input, Screen screen, LongSupplier nanoTime, Clock wallClock) {
        this(settings, input, screen, nanoTime, wallClock, new KnownNames());
    }

    ChatClient(ChatSettings settings, LineSource input, Screen screen, LongSupplier nanoTime, Clock wallClock, KnownNames names) {
        this.names = names;
        this.settings = settings;
        this.input = input;
        this.screen = screen;
        this.nanoTime = nanoTime;
        this.wallClock = wallClock;
    }

    public static ChatClient of(ChatSettings settings, LineSource input, Screen screen) {
        return new ChatClient(settings, input, screen, System::nanoTime, Clock.systemDefaultZone());
    }

    /** A client whose {@code /msg} completion learns from {@code names}. */
    static ChatClient of(ChatSettings settings, LineSource input, Screen screen, KnownNames names) {
        return new ChatClient(settings, input, screen, System::nanoTime, Clock.systemDefaultZone(), names);
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
            screen.show("You are in the room as " + joined.name() + ". Type a line to talk, /who to list members, quit to leave.");
            // Colour only where a person reads a terminal; redirected, the room's own words mark what is what.
            Keepalive keepalive = settings.keepalive().isZero() ? null : new Keepalive(settings.keepalive(), nanoTime.getAsLong());
            session = new RoomSession(joined.name(), settings, link, screen, keepalive, nanoTime, wallClock, new RoomSession.Ending() {
                @Override
                public void exitReceived() {
                    exitReceived.countDown();
                }

                @Override
                public void end(int status) {
                    ended.complete(status);
                }
            }, new ChatLook(input.interactive()), names);
            daemon("chat-receiver", this::receive).start();
            daemon("chat-keyboard", this::readKeyboard).start();
            if (keepalive != null) {
                ticker = Executors.newSingleThreadScheduledExecutor(task -> daemon("chat-keepalive", task));
                long every = Math.max(10, settings.keepalive().toMillis() / 5);
                ticker.scheduleAtFixedRate(session::tick, every, every, TimeUnit.MILLISECONDS);
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

    /** A daemon thread: the session's end decides when the client exits, not these threads (Java 17: no Thread.ofPlatform). */
    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private void readKeyboard() {
        try {
            String line;
            while ((line = input.readLine(input.interactive() ? session.prompt() : "")) != null && session.typed(line.strip())) {
                // each line was handled by the session
            }
        } catch (IOException e) {
            screen.show("chat: cannot read the keyboard: " + e.getMessage());
        }
        leave();
    }

    /** Leaves with Q and waits a moment for the server's EXIT, so the room's last words are shown first. */
    private void leave() {
        try {
            if (session.leave()) {
                exitReceived.await(LEAVE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
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
            session.arrived(ServerLine.of(datagram));
        }
    }
}
