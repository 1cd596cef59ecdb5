package dev.netservices.files.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.net.RemoteAddress;
import dev.netservices.common.tls.ServerTls;

/**
 * Implicit TLS (the handshake first, then the protocol unchanged) over an accepted channel, with the
 * platform's protocol list ({@link ServerTls#PROTOCOLS}: TLS 1.3 and 1.2 only). The context comes from
 * {@link ServerTls#context()} per accepted connection, so a reloaded certificate serves new connections at once.
 * The handshake runs on the session's thread before the greeting; the watchdog closes a
 * handshake still unfinished at the first-command deadline (counted from accept), and a client that
 * speaks plain text fails the handshake and is closed.
 *
 * <p>Every byte passes through the cipher, so there is no zero-copy here: a download is read into a
 * buffer and written encrypted. That cipher is most of a TLS download's cost (a JFR profile put about
 * two thirds of the session thread's samples in AES-GCM), so the server picks the cheapest strong suite
 * the client offers: AES-128-GCM before AES-256-GCM (four fewer AES rounds a block, the order
 * Mozilla's "intermediate" profile uses), then ChaCha20-Poly1305; the file is read in large pieces so
 * each write fills whole 16 KiB records and the file costs few reads. {@link #stopInput()} cannot shut the input under TLS without breaking
 * the record layer, so reads wait at most {@link #POLL_MILLIS} at a time and the input reports end of
 * stream once a stop was asked for.
 */
public final class TlsConduit implements Conduit {

    /** The server's order of preference; only the suites the JDK supports and enables by default are kept. */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final int POLL_MILLIS = 200;
    /** 16 whole TLS records a write. */
    private static final int FILE_BUFFER = 256 * 1024;

    private final SocketChannel channel;
    private final SSLContext context;
    private SSLSocket socket;
    private volatile InputStream in;
    private OutputStream out;
    private byte[] fileBuffer;
    private ByteBuffer fileReads;
    private volatile boolean stopped;

    public TlsConduit(SocketChannel channel, SSLContext context) {
        this.channel = channel;
        this.context = context;
    }

    @Override
    public void open() throws IOException {
        socket = (SSLSocket) context.getSocketFactory().createSocket(channel.socket(), RemoteAddress.hostOf(channel),
                channel.socket().getPort(), true);
        socket.setUseClientMode(false);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(ServerTls.enabledProtocols(socket.getSupportedProtocols()));
        parameters.setCipherSuites(preferred(socket.getEnabledCipherSuites()));
        parameters.setUseCipherSuitesOrder(true);
        socket.setSSLParameters(parameters);
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

    /**
     * Reads into a direct buffer of our own (a heap buffer would be read through a thread-local
     * temporary one), copies into the array the TLS socket encrypts from, and writes it in one call.
     */
    @Override
    public long sendFile(FileChannel file, long position, long count) throws IOException {
        if (fileBuffer == null) {
            fileBuffer = new byte[FILE_BUFFER];
            fileReads = ByteBuffer.allocateDirect(FILE_BUFFER);
        }
        fileReads.clear().limit((int) Math.min(FILE_BUFFER, count));
        int n = file.read(fileReads, position);
        if (n <= 0) {
            return 0;
        }
        fileReads.flip().get(fileBuffer, 0, n);
        out.write(fileBuffer, 0, n);
        out.flush();
        return n;
    }

    /** The enabled suites with ours first, in our order, then the rest as the JDK orders them. */
    static String[] preferred(String[] enabled) {
        List<String> enabledList = Arrays.asList(enabled);
        Stream<String> first = CIPHER_SUITES.stream().filter(enabledList::contains);
        Stream<String> rest = enabledList.stream().filter(suite -> !CIPHER_SUITES.contains(suite));
        return Stream.concat(first, rest).toArray(String[]::new);
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
