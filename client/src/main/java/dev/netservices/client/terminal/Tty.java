package dev.netservices.client.terminal;

import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * Whether a standard stream is a terminal, asked of JLine's providers in turn (the FFM one on Java 22+, the
 * JNI one, then {@code test -t} through the exec one), since Java 17 to 21 alone cannot tell for stderr. On Java 17
 * to 21 the FFM provider's classes do not even load ({@code UnsupportedClassVersionError}): the next one is asked.
 * A stream no provider recognises is taken for a pipe or a file.
 */
public final class Tty {

    private static final String[] PROVIDERS = {"ffm", "jni", "exec"};

    private Tty() {
    }

    public static boolean isTerminal(SystemStream stream) {
        for (String name : PROVIDERS) {
            try {
                return TerminalProvider.load(name).isSystemStream(stream);
            } catch (Throwable unavailable) {
                // this provider cannot run here (no native access, no library): ask the next one
            }
        }
        return false;
    }

    /** Both ends of an interactive session: lines typed at a terminal, shown on one. */
    public static boolean interactive() {
        return isTerminal(SystemStream.Input) && isTerminal(SystemStream.Output);
    }
}
