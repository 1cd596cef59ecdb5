package dev.netservices.files.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real TCP relay between a client and a server on an ephemeral port that breaks a connection part way: the first
 * connection is cut (both sides closed) once {@code cutAfter} bytes went from the client to the server; the next
 * connections are relayed whole, or refused when the relay is told to {@link #refuseAfterCut()} (a client whose
 * network went away). A {@link #silentCut()} closes only the client's side, as a network that drops the path does: the
 * server is told nothing and its session waits in its read until {@link #endServerSide()} (or its own timeouts).
 */
public final class CuttingRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int serverPort;
    private final long cutAfter;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong toServer = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean refuseAfterCut;
    private volatile boolean cut;
    private volatile boolean silent;
    private volatile Socket firstServerSide;

    private CuttingRelay(int serverPort, long cutAfter) throws IOException {
        this.serverPort = serverPort;
        this.cutAfter = cutAfter;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.add(Thread.ofPlatform().daemon().name("relay-accept").start(this::accept));
    }

    /** A relay to the server on {@code serverPort} that cuts its first connection after {@code cutAfter} client bytes. */
    public static CuttingRelay to(int serverPort, long cutAfter) throws IOException {
        return new CuttingRelay(serverPort, cutAfter);
    }

    /** After the cut, every new connection is closed at once, before the server's greeting. */
    public CuttingRelay refuseAfterCut() {
        refuseAfterCut = true;
        return this;
    }

    /** At the cut the server's side stays open, told nothing. */
    public CuttingRelay silentCut() {
        silent = true;
        return this;
    }

    /** Closes the server's side of the first (cut) connection: the server sees the end of its stream now. */
    public void endServerSide() {
        if (firstServerSide != null) {
            quietlyClose(firstServerSide);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted, the refused ones included. */
    public int connections() {
        return connections.get();
    }

    /** Bytes relayed from clients to the server, over every connection. */
    public long bytesToServer() {
        return toServer.get();
    }

    public boolean cut() {
        return cut;
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            int number = connections.incrementAndGet();
            sockets.add(client);
            if (cut && refuseAfterCut) {
                quietlyClose(client);
                continue;
            }
            try {
                Socket server = new Socket();
                sockets.add(server);
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort));
                long budget = number == 1 ? cutAfter : Long.MAX_VALUE;
                if (number == 1) {
                    firstServerSide = server;
                }
                threads.add(Thread.ofPlatform().daemon().name("relay-up-" + number).start(() -> pump(client, server, budget, true)));
                threads.add(Thread.ofPlatform().daemon().name("relay-down-" + number)
                        .start(() -> pump(server, client, Long.MAX_VALUE, false)));
            } catch (IOException e) {
                quietlyClose(client);
            }
        }
    }

    /** Copies {@code from} to {@code to}; after {@code budget} bytes both connections are closed: the cut. */
    private void pump(Socket from, Socket to, long budget, boolean upstream) {
        byte[] buffer = new byte[16 * 1024];
        long left = budget;
        // the streams are not closed here: closing one closes its socket, which the finally block decides
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                left -= n;
                if (upstream) {
                    toServer.addAndGet(n);
                }
            }
            if (left == 0) {
                cut = true;
            }
        } catch (IOException e) {
            // the other direction closed the pair
        } finally {
            Socket serverSide = upstream ? to : from;
            quietlyClose(upstream ? from : to);
            if (!(silent && cut && serverSide == firstServerSide)) {
                quietlyClose(serverSide);
            }
        }
    }

    private static void quietlyClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(CuttingRelay::quietlyClose);
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
