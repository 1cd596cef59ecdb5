package dev.netservices.web.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;

/**
 * Half-open TLS handshakes, the way an attacker makes them: a real ClientHello (made by a client-mode
 * SSLEngine) sent on each of many connections, which then say nothing more. The connections come from
 * several loopback addresses (127.0.0.2, 127.0.0.3, ...: Linux routes all of 127/8 to lo; 127.0.0.1 is left to
 * the clients a test watches), so that caps per
 * address do not hide the caps per loop and in total.
 */
public final class ClientHellos implements AutoCloseable {

    private final byte[] hello;
    private final List<SocketChannel> open = new ArrayList<>();
    private final Set<SocketChannel> seen = new HashSet<>();

    public ClientHellos(SSLContext client) throws IOException {
        this.hello = clientHello(client);
    }

    /** The first flight of a TLS client: one ClientHello record. */
    public static byte[] clientHello(SSLContext client) throws IOException {
        SSLEngine engine = client.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), out);
        if (result.bytesProduced() == 0) {
            throw new IOException("no ClientHello: " + result);
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    /**
     * Opens {@code count} connections to {@code port}, spread over {@code addresses} source addresses, each
     * sending the ClientHello; a connection the server refuses at once still counts as opened here.
     */
    public void flood(int port, int count, int addresses) throws IOException {
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open();
            open.add(channel);
            channel.bind(new InetSocketAddress("127.0.0." + (2 + i % addresses), 0));
            channel.connect(new InetSocketAddress("127.0.0.1", port));
            try {
                channel.write(ByteBuffer.wrap(hello));
            } catch (IOException refused) {
                // closed by the server already: a refusal
            }
        }
    }

    /** Connections that got an answer (the server's first flight) or were closed: the server has seen them. */
    public int answered() {
        ByteBuffer sink = ByteBuffer.allocate(1);
        for (SocketChannel channel : open) {
            if (seen.contains(channel)) {
                continue;
            }
            try {
                channel.configureBlocking(false);
                sink.clear();
                if (channel.read(sink) != 0) {
                    seen.add(channel);
                }
            } catch (IOException e) {
                seen.add(channel);
            }
        }
        return seen.size();
    }

    public int size() {
        return open.size();
    }

    @Override
    public void close() {
        for (SocketChannel channel : open) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        open.clear();
        seen.clear();
    }
}
