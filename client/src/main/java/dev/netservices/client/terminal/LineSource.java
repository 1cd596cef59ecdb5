package dev.netservices.client.terminal;

import java.io.IOException;

/** Where a shell reads its lines: a terminal with editing and history, or plain standard input. */
public interface LineSource extends AutoCloseable {

    /** The next line without its line end, after showing {@code prompt}; null at end of input (Ctrl-D). */
    String readLine(String prompt) throws IOException;

    /** True when a person types the lines (so a failure is told and the session goes on). */
    boolean interactive();

    @Override
    default void close() throws IOException {
    }
}
