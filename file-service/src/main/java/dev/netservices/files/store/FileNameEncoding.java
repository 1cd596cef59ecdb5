package dev.netservices.files.store;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The charset the JVM turns file names into bytes with ({@code sun.jnu.encoding}, taken from the
 * locale at start, not from {@code file.encoding}). Under a bare environment ({@code LANG} unset) it is
 * ASCII, and a name like {@code café.txt} cannot be stored at all: such names are refused with a
 * reason instead of failing deep in the JDK, and the service warns once at start.
 */
public final class FileNameEncoding {

    private static final Logger log = LoggerFactory.getLogger(FileNameEncoding.class);

    private FileNameEncoding() {
    }

    public static Charset charset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** Logs the warning when names are not stored as UTF-8. */
    public static void warnIfNotUtf8() {
        Charset charset = charset();
        if (!charset.equals(StandardCharsets.UTF_8)) {
            log.warn("file names are encoded as {} (the JVM's locale), not UTF-8: names it cannot represent are refused "
                    + "with ERR 403; start the service with LANG=C.UTF-8 (or any UTF-8 locale) to store every name", charset.name());
        }
    }
}
