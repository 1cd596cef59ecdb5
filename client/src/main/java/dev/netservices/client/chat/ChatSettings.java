package dev.netservices.client.chat;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How the chat client was asked to run.
 *
 * @param name      joins with this name without asking (null: ask)
 * @param keepalive user silence after which a {@code /ping} goes out; zero: never
 */
record ChatSettings(InetSocketAddress server, String name, Duration keepalive, boolean timestamps) {
}
