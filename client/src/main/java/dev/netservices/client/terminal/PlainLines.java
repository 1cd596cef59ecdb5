package dev.netservices.client.terminal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Lines from a pipe, a file or a test: no editing, the prompt printed as text so a transcript shows it. */
public final class PlainLines implements LineSource {

    private final BufferedReader in;
    private final PrintStream out;

    public PlainLines(InputStream in, PrintStream out) {
        this(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), out);
    }

    public PlainLines(BufferedReader in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public String readLine(String prompt) throws IOException {
        if (!prompt.isEmpty()) {
            out.print(prompt);
            out.flush();
        }
        return in.readLine();
    }

    @Override
    public boolean interactive() {
        return false;
    }
}
