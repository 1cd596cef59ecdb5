package dev.netservices.web.accesslog;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.web.reactor.Exchange;
import dev.netservices.web.reactor.ExchangeListener;

/**
 * The access log, written by its own thread: the event loops only offer an exchange to a bounded queue
 * and never wait on a disk or a log appender. When the queue is full the entry is dropped and counted
 * ({@link #dropped()}), because slowing every client down to keep a log line is the worse trade.
 */
public final class AccessLog implements ExchangeListener, AutoCloseable {

    /** The logger lines go to by default; configure its appender to send them to a file of their own. */
    public static final String LOGGER = "dev.netservices.web.access";
    static final int QUEUE = 16_384; // package-visible for the test that fills it

    private final BlockingQueue<Exchange> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AccessLogFormat format;
    private final Consumer<String> sink;
    private final LongAdder dropped = new LongAdder();
    private final Thread writer;
    private volatile boolean open = true;

    public AccessLog(AccessLogFormat format, Consumer<String> sink) {
        this.format = format;
        this.sink = sink;
        this.writer = Thread.ofPlatform().daemon().name("web-access-log").start(this::write);
    }

    public static Consumer<String> toLogger() {
        Logger logger = LoggerFactory.getLogger(LOGGER);
        return logger::info;
    }

    @Override
    public void exchanged(Exchange exchange) {
        if (!queue.offer(exchange)) {
            dropped.increment();
        }
    }

    public long dropped() {
        return dropped.sum();
    }

    private void write() {
        while (open || !queue.isEmpty()) {
            try {
                Exchange exchange = queue.poll(200, TimeUnit.MILLISECONDS);
                if (exchange != null) {
                    sink.accept(format.format(exchange));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(AccessLog.class).warn("access log line lost", e);
            }
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        open = false;
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
