package dev.netservices.web.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

/** Plain TCP: reads and gathering writes straight on the channel, files by zero-copy {@code transferTo}. */
final class PlainTransport implements Transport {

    private final SocketChannel channel;

    PlainTransport(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        return channel.read(into);
    }

    @Override
    public long write(ByteBuffer[] from) throws IOException {
        return channel.write(from);
    }

    @Override
    public long send(FileChannel file, long position, long count) throws IOException {
        return Math.max(0, file.transferTo(position, count, channel));
    }

    @Override
    public boolean flush() {
        return true;
    }

    @Override
    public boolean hasBufferedInput() {
        return false;
    }

    @Override
    public String applicationProtocol() {
        return "";
    }

    @Override
    public boolean handshaking() {
        return false;
    }

    @Override
    public boolean awaitingTask() {
        return false;
    }

    @Override
    public void afterTasks(Runnable resume) {
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void release() {
    }
}
