package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's own plain TCP connection to Redis, written by the thread that publishes (a node's receive thread) and
 * read without waiting by the same thread before its next publication. Redis's answers to a line's history script and
 * PUBLISH are back in the socket long before the next line comes (the other nodes have had the publication by then), so
 * a line costs no other thread on this node: the profile of the cluster bench showed the hand-over to Lettuce's I/O
 * thread (a task and an eventfd wake-up per line, then that thread's turn on the one core) as a fifth of the sending
 * node's work per relayed line.
 * <pre>
 *   publishing thread: poll (read what answers came, without waiting) -> write the batch (non-blocking)
 *   chat-relay-answers thread, only while a batch waits behind answers still on their way (awaited): wakes when they
 *     come, so that the next batch leaves (then it is the thread that writes it); otherwise once a second, to take
 *     the last answers (a refusal is counted within a second) and to see a silent Redis past the command timeout
 *   link broken (a write or read failed, an answer later than the command timeout): every answer on its way fails,
 *     what is written meanwhile fails at once (counted by the publisher, as Lettuce's client rejects commands while
 *     disconnected), and chat-relay-answers connects again every reconnect delay
 * </pre>
 * Speaks RESP2 and what a node's plain connection needs: {@code AUTH} (with the user, for an ACL), {@code SELECT} when
 * the database is not 0, {@code CLIENT SETNAME}. TLS and the other topologies stay on Lettuce ({@link RelayClient}).
 */
final class RelaySocket implements RelayLink {

    /** How often the answers are taken when nothing waits for them, and how long between two connection attempts. */
    static final Duration SWEEP = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(RelaySocket.class);

    private final Settings settings;
    private final Selector selector;
    private final Thread answers;
    /** Answers on their way, oldest first; guarded by this, as is everything below. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private ByteBuffer in = ByteBuffer.allocate(4_096);
    private SocketChannel channel;
    private SelectionKey key;
    /** Bytes of written batches the socket did not take yet (Redis reading slowly), sent before any newer ones. */
    private ByteBuffer unsent;
    private boolean awaited;
    private boolean closed;

    /** Where and as whom to connect, and the time limits. */
    record Settings(String host, int port, String username, char[] password, int database, String clientName,
            Duration connectTimeout, Duration commandTimeout) {
    }

    private record Pending(CompletableFuture<Long> answer, long writtenNanos) {
    }

    private RelaySocket(Settings settings) throws IOException {
        this.settings = settings;
        this.selector = Selector.open();
        this.answers = Thread.ofPlatform().name("chat-relay-answers").daemon(true).unstarted(this::takeAnswers);
    }

    /** A link to {@code settings}' Redis, connected now when Redis answers (else by its own thread, later). */
    static RelaySocket open(Settings settings) throws IOException {
        RelaySocket socket = new RelaySocket(settings);
        try {
            socket.connected(socket.connect());
        } catch (IOException e) {
            log.warn("relay connection to Redis not made at start, trying again every {}: {}", SWEEP, e.toString());
        }
        socket.answers.start();
        return socket;
    }

    @Override
    public List<CompletableFuture<Long>> write(List<byte[][]> commands) {
        List<CompletableFuture<Long>> answered = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            answered.add(new CompletableFuture<>());
        }
        List<Pending> failed = null;
        IOException failure = null;
        synchronized (this) {
            if (channel == null) {
                failure = new IOException("the relay's connection to Redis is down");
            } else {
                ByteBuffer bytes = encode(commands);
                long now = System.nanoTime();
                for (CompletableFuture<Long> answer : answered) {
                    pending.add(new Pending(answer, now));
                }
                try {
                    if (unsent == null) {
                        channel.write(bytes);
                        if (bytes.hasRemaining()) {
                            unsent = bytes;
                            awaited = true; // the rest leaves when the socket takes it
                            notifyAll();
                        }
                    } else {
                        unsent = ByteBuffer.allocate(unsent.remaining() + bytes.remaining()).put(unsent).put(bytes).flip();
                    }
                } catch (IOException e) {
                    failure = e;
                    failed = broken();
                }
            }
        }
        if (failed != null) {
            fail(failed, failure);
        } else if (failure != null) {
            for (CompletableFuture<Long> answer : answered) {
                answer.completeExceptionally(failure);
            }
        }
        return answered;
    }

    @Override
    public void poll() {
        List<Runnable> done = new ArrayList<>(2);
        List<Pending> failed = null;
        IOException failure = null;
        synchronized (this) {
            if (channel == null || pending.isEmpty()) {
                return;
            }
            try {
                read(done);
                if (!pending.isEmpty() && System.nanoTime() - pending.peek().writtenNanos() > settings.commandTimeout().toNanos()) {
                    throw new IOException("Redis did not answer within " + settings.commandTimeout());
                }
            } catch (IOException e) {
                failure = e;
                failed = broken();
            }
        }
        done.forEach(Runnable::run); // outside the lock: an answer may start the next batch, which writes
        if (failed != null) {
            fail(failed, failure);
        }
    }

    @Override
    public void awaited() {
        synchronized (this) {
            if (!awaited) {
                awaited = true;
                notifyAll();
            }
        }
    }

    @Override
    public void close() {
        List<Pending> failed;
        synchronized (this) {
            closed = true;
            failed = broken();
            notifyAll();
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
        fail(failed, new IOException("the relay's connection to Redis is closed"));
        answers.interrupt();
    }

    /** The answers thread: see the class comment. */
    private void takeAnswers() {
        try {
            while (true) {
                boolean watch;
                boolean disconnected;
                synchronized (this) {
                    if (!awaited && !closed && channel != null) {
                        wait(SWEEP.toMillis());
                    }
                    if (closed) {
                        return;
                    }
                    disconnected = channel == null;
                    watch = awaited && !disconnected && (!pending.isEmpty() || unsent != null);
                    awaited = watch;
                    if (watch) {
                        key.interestOps(SelectionKey.OP_READ | (unsent != null ? SelectionKey.OP_WRITE : 0));
                    }
                }
                if (disconnected) {
                    TimeUnit.MILLISECONDS.sleep(SWEEP.toMillis());
                    try {
                        connected(connect());
                        log.info("relay connection to Redis made again");
                    } catch (IOException e) {
                        log.debug("relay connection to Redis not made: {}", e.toString());
                    }
                    continue;
                }
                if (watch) {
                    selector.select(Math.max(1, settings.commandTimeout().toMillis()));
                    selector.selectedKeys().clear();
                    flush();
                }
                poll();
            }
        } catch (InterruptedException | ClosedSelectorException e) {
            // closed
        } catch (IOException | RuntimeException e) {
            log.error("relay's answers thread stopped", e);
        }
    }

    /** Sends what the socket did not take before. */
    private void flush() {
        List<Pending> failed = null;
        IOException failure = null;
        synchronized (this) {
            if (channel == null || unsent == null) {
                return;
            }
            try {
                channel.write(unsent);
                if (!unsent.hasRemaining()) {
                    unsent = null;
                }
            } catch (IOException e) {
                failure = e;
                failed = broken();
            }
        }
        if (failed != null) {
            fail(failed, failure);
        }
    }

    /** Reads what arrived and completes (into {@code done}) the answers it holds; called holding this. */
    private void read(List<Runnable> done) throws IOException {
        while (true) {
            if (!in.hasRemaining()) {
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
            int read = channel.read(in);
            if (read < 0) {
                throw new IOException("Redis closed the relay's connection");
            }
            boolean more = !in.hasRemaining(); // the buffer filled: more may wait in the socket
            in.flip();
            while (in.hasRemaining()) {
                int start = in.position();
                Reply reply = Reply.next(in);
                if (reply == null) { // incomplete
                    in.position(start);
                    break;
                }
                Pending answered = pending.poll();
                if (answered == null) {
                    throw new IOException("an answer from Redis to no command");
                }
                if (reply.refusal() == null) {
                    done.add(() -> answered.answer().complete(reply.integer()));
                } else {
                    RedisRefusal refused = new RedisRefusal(reply.refusal());
                    done.add(() -> answered.answer().completeExceptionally(refused));
                }
            }
            in.compact();
            if (!more) {
                return;
            }
        }
    }

    /** Closes the connection; returns the answers on their way, to fail outside the lock. Called holding this. */
    private List<Pending> broken() {
        List<Pending> failed = new ArrayList<>(pending);
        pending.clear();
        unsent = null;
        in.clear();
        if (channel != null) {
            if (!closed) {
                log.warn("relay connection to Redis lost; {} answer(s) on their way fail, trying again every {}", failed.size(), SWEEP);
            }
            if (key != null) {
                key.cancel();
            }
            try {
                channel.close();
            } catch (IOException e) {
                // closed anyway
            }
            channel = null;
            key = null;
            notifyAll(); // the answers thread connects again
        }
        return failed;
    }

    private static void fail(List<Pending> failed, Exception failure) {
        for (Pending pending : failed) {
            pending.answer().completeExceptionally(failure);
        }
    }

    /** A new connection, logged in and named, blocking (on the answers thread or at start). */
    private SocketChannel connect() throws IOException {
        SocketChannel opened = SocketChannel.open();
        try {
            opened.socket().connect(new InetSocketAddress(settings.host(), settings.port()),
                    (int) Math.max(1, settings.connectTimeout().toMillis()));
            opened.socket().setTcpNoDelay(true);
            opened.socket().setKeepAlive(true);
            opened.socket().setSoTimeout((int) Math.max(1, settings.commandTimeout().toMillis()));
            OutputStream out = opened.socket().getOutputStream();
            InputStream answersIn = opened.socket().getInputStream();
            if (settings.password() != null) {
                byte[] password = new String(settings.password()).getBytes(UTF_8);
                expectOk(out, answersIn, settings.username() == null ? new byte[][] {bytes("AUTH"), password}
                        : new byte[][] {bytes("AUTH"), bytes(settings.username()), password}, "AUTH");
            }
            if (settings.database() != 0) {
                expectOk(out, answersIn, new byte[][] {bytes("SELECT"), bytes(Integer.toString(settings.database()))}, "SELECT");
            }
            if (settings.clientName() != null) {
                expectOk(out, answersIn, new byte[][] {bytes("CLIENT"), bytes("SETNAME"), bytes(settings.clientName())}, "CLIENT SETNAME");
            }
            opened.configureBlocking(false);
            return opened;
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    private synchronized void connected(SocketChannel opened) throws IOException {
        if (closed) {
            opened.close();
            return;
        }
        channel = opened;
        key = opened.register(selector, 0);
    }

    private static void expectOk(OutputStream out, InputStream in, byte[][] command, String name) throws IOException {
        ByteBuffer bytes = encode(List.<byte[][]>of(command));
        out.write(bytes.array(), 0, bytes.limit());
        out.flush();
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("Redis closed the connection during " + name);
            }
            line.append((char) b);
        }
        if (!line.toString().startsWith("+OK")) {
            // Never the command itself: AUTH carries the password.
            throw new IOException(name + " refused by Redis: " + line.toString().strip());
        }
    }

    /** Commands as RESP arrays of bulk strings, one after the other. */
    static ByteBuffer encode(List<byte[][]> commands) {
        int size = 0;
        for (byte[][] command : commands) {
            size += 16;
            for (byte[] argument : command) {
                size += argument.length + 16;
            }
        }
        ByteBuffer bytes = ByteBuffer.allocate(size);
        for (byte[][] command : commands) {
            bytes.put((byte) '*').put(bytes(Integer.toString(command.length))).put((byte) '\r').put((byte) '\n');
            for (byte[] argument : command) {
                bytes.put((byte) '$').put(bytes(Integer.toString(argument.length))).put((byte) '\r').put((byte) '\n')
                        .put(argument).put((byte) '\r').put((byte) '\n');
            }
        }
        return bytes.flip();
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(US_ASCII);
    }

    /** Redis's answer was an error (an ACL {@code NOPERM}, a wrong type): the command was refused, the link is fine. */
    static final class RedisRefusal extends RuntimeException {
        RedisRefusal(String message) {
            super(message, null, false, false);
        }
    }

    /** A RESP2 reply: its integer (0 when it is not one), or, when Redis refused the command, the error's text. */
    record Reply(long integer, String refusal) {

        private static final Reply DONE = new Reply(0, null);

        /**
         * Takes one whole reply from {@code in}, or null (the position then undefined) when it is not all there yet. An
         * array's refusal is its first element's.
         */
        static Reply next(ByteBuffer in) throws IOException {
            if (!in.hasRemaining()) {
                return null;
            }
            byte type = in.get();
            String line = line(in);
            if (line == null) {
                return null;
            }
            switch (type) {
                case '+' -> {
                    return DONE;
                }
                case ':' -> {
                    return new Reply(Long.parseLong(line), null);
                }
                case '-' -> {
                    return new Reply(0, line.isEmpty() ? "ERR" : line);
                }
                case '$' -> {
                    long length = Long.parseLong(line);
                    if (length < 0) {
                        return DONE;
                    }
                    if (in.remaining() < length + 2) {
                        return null;
                    }
                    in.position(in.position() + (int) length + 2);
                    return DONE;
                }
                case '*' -> {
                    long count = Long.parseLong(line);
                    Reply first = DONE;
                    for (long i = 0; i < count; i++) {
                        Reply element = next(in);
                        if (element == null) {
                            return null;
                        }
                        first = first.refusal() == null && element.refusal() != null ? element : first;
                    }
                    return first.refusal() == null ? DONE : first;
                }
                default -> throw new IOException("not a RESP2 reply from Redis: " + (char) type);
            }
        }

        /** The rest of the line, without its CRLF, or null when its end has not arrived. */
        private static String line(ByteBuffer in) {
            int start = in.position();
            for (int i = start; i + 1 < in.limit(); i++) {
                if (in.get(i) == '\r' && in.get(i + 1) == '\n') {
                    String line = new String(in.array(), in.arrayOffset() + start, i - start, US_ASCII);
                    in.position(i + 2);
                    return line;
                }
            }
            return null;
        }
    }
}
