package dev.netservices.chat.cluster;

import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultEventLoopGroupProvider;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;

/**
 * Lettuce's I/O threads: one per core, one on one core. Lettuce's own count has a floor of two
 * (an {@code ioThreadPoolSize} below {@code DefaultClientResources.MIN_IO_THREADS} is raised to it), so
 * asking for one is not enough: the threads come from an event loop provider of our own, which Lettuce then does not
 * shut down, so this bean does when the context closes (after the client resources, which were built with it).
 *
 * <p>Why one on one core: a node's command connection (its PUBLISH) and its subscription are then served by the same
 * thread, so that Redis's answer to a publication and the node's own copy of it, which Redis writes in the same turn,
 * wake one thread once instead of two threads one after the other. The profile of the cluster bench (two nodes and
 * Redis on one core) showed both of Lettuce's threads waking for every relayed line on the sending node. Nothing runs a
 * synchronous Redis call on an I/O thread (the relay's receiver hands removals and rereads to a thread of its own), so
 * one thread serving every connection cannot wait for itself.
 *
 * <p>The provider makes the event loops of whichever transport Lettuce asks for: Netty's native epoll on Linux (the
 * {@code netty-transport-native-epoll} dependency; a cross-thread write wakes the loop through an eventfd, and a read or
 * write is one system call fewer than through NIO's selector), NIO elsewhere.
 */
final class LettuceIoThreads implements ClientResourcesBuilderCustomizer, DisposableBean {

    private final DefaultEventLoopGroupProvider threads;

    /** {@code count}: how many I/O threads, at least one. */
    LettuceIoThreads(int count) {
        this.threads = new DefaultEventLoopGroupProvider(Math.max(1, count));
    }

    static LettuceIoThreads onePerCore() {
        return new LettuceIoThreads(Runtime.getRuntime().availableProcessors());
    }

    @Override
    public void customize(ClientResources.Builder builder) {
        builder.eventLoopGroupProvider(threads);
    }

    @Override
    public void destroy() {
        threads.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    }
}
