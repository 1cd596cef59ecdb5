package dev.netservices.client.terminal;

import java.io.PrintStream;

/** Where a client shows lines that arrive while the user may be typing. */
public interface Screen {

    /** Shows one line; on a terminal above the line being typed, which is redrawn below it. */
    void show(String line);

    /** Plain output: each line printed as it comes (a pipe, a file, a test). */
    static Screen plain(PrintStream out) {
        return line -> {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        };
    }
}
