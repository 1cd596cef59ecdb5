package dev.netservices.files.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.net.RemoteAddress;

/**
 * Implicit TLS (the handshake first, then the protocol unchanged) over an accepted channel, TLS 1.2
 * and 1.3 only. The handshake runs on the session's thread before the greeting; the watchdog closes a
 * handshake that stalls past the idle timeout (the session is WAITING meanwhile), and a client that
 * speaks plain text fails the handshake and is closed.
 *
 * <p>Every byte passes through the cipher, so there is no zero-copy here: a download is read into a
 * buffer and written encrypted. {@link #stopInput()} cannot shut the input under TLS without breaking
 * the record layer, so reads wait at most {@link #POLL_MILLIS} at a time and the input reports end of
 * stream once a stop was asked for.
 */
public final class TlsConnection implements Connection {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final int POLL_MILLIS = 200;
    private static final int FILE_BUFFER = 64 * 1024;

    private final SocketChannel channel;
    private final SSLContext context;
    private SSLSocket socket;
    private volatile InputStream in;
    private OutputStream out;
    private byte[] fileBuffer;
    private volatile boolean stopped;

    public TlsConnection(SocketChannel channel, SSLContext context) {
        this.channel = channel;
        this.context = context;
    }

    @Override
    public void open() throws IOException {
        socket = (SSLSocket) context.getSocketFactory().createSocket(channel.socket(), RemoteAddress.hostOf(channel),
                channel.socket().getPort(), true);
        socket.setUseClientMode(false);
        String[] supported = socket.getSupportedProtocols();
        socket.setEnabledProtocols(Arrays.stream(PROTOCOLS).filter(p -> Arrays.asList(supported).contains(p)).toArray(String[]::new));
        socket.startHandshake();
        socket.setSoTimeout(POLL_MILLIS);
        in = new StoppableInput(socket.getInputStream());
        out = socket.getOutputStream();
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public int readBody(ByteBuffer buffer) throws IOException {
        if (buffer.hasArray()) {
            int n = in.read(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            if (n > 0) {
                buffer.position(buffer.position() + n);
            }
            return n;
        }
        byte[] bytes = new byte[Math.min(buffer.remaining(), FILE_BUFFER)];
        int n = in.read(bytes);
        if (n > 0) {
            buffer.put(bytes, 0, n);
        }
        return n;
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        if (bytes.hasArray()) {
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            bytes.position(bytes.limit());
        } else {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            out.write(copy);
        }
        out.flush();
    }

    @Override
    public long sendFile(FileChannel file, long position, long count) throws IOException {
        if (fileBuffer == null) {
            fileBuffer = new byte[FILE_BUFFER];
        }
        ByteBuffer buffer = ByteBuffer.wrap(fileBuffer, 0, (int) Math.min(FILE_BUFFER, count));
        int n = file.read(buffer, position);
        if (n <= 0) {
            return 0;
        }
        out.write(fileBuffer, 0, n);
        out.flush();
        return n;
    }

    @Override
    public void stopInput() {
        stopped = true;
        if (in == null) {
            // still in the handshake: nobody to tell anything in plain text, so just end it
            close();
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen() && (socket == null || !socket.isClosed());
    }

    @Override
    public void lingeringClose() {
        close();
    }

    @Override
    public void close() {
        if (socket != null) {
            QuietClose.close(socket);
        }
        QuietClose.close(channel);
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public SocketChannel channel() {
        return channel;
    }

    /** Waits out read timeouts unless a stop was asked for, then reports end of stream. */
    private final class StoppableInput extends InputStream {

        private final InputStream tls;

        StoppableInput(InputStream tls) {
            this.tls = tls;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            while (true) {
                if (stopped) {
                    return -1;
                }
                try {
                    return tls.read(bytes, offset, length);
                } catch (SocketTimeoutException e) {
                    // nothing yet: look at the stop flag and wait again
                }
            }
        }

        @Override
        public int available() throws IOException {
            return tls.available();
        }
    }
}
