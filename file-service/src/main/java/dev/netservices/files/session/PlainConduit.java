package dev.netservices.files.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

import dev.netservices.common.net.QuietClose;
import dev.netservices.common.time.ServiceClock;

/**
 * Plain TCP on a blocking {@link SocketChannel}, with no socket timeout: a timed read would switch the
 * socket to non-blocking mode under the hood and spoil {@code transferTo}'s zero-copy path. Timeouts
 * come from outside instead ({@link #stopInput()} shuts the input; the blocked read sees end of stream).
 */
public final class PlainConduit implements Conduit {

    private final SocketChannel channel;
    private final ServiceClock clock;

    /** @param clock times the lingering close */
    public PlainConduit(SocketChannel channel, ServiceClock clock) {
        this.channel = channel;
        this.clock = clock;
    }

    @Override
    public void open() {
    }

    @Override
    public InputStream input() throws IOException {
        return channel.socket().getInputStream();
    }

    @Override
    public int readBody(ByteBuffer buffer) throws IOException {
        return channel.read(buffer);
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    @Override
    public long sendFile(FileChannel file, long position, long count) throws IOException {
        return file.transferTo(position, count, channel);
    }

    @Override
    public void stopInput() {
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            close();
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void lingeringClose() {
        if (channel.isOpen()) {
            LingeringClose.close(channel, clock);
        }
    }

    @Override
    public void close() {
        QuietClose.close(channel);
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public SocketChannel channel() {
        return channel;
    }
}
