package dev.netservices.files.store;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.netservices.common.text.NameFold;

/**
 * Names that would mean something else, or another file, where the library is read on Windows or copied there:
 * a trailing dot or space (Windows drops it, so {@code report.pdf.} becomes {@code report.pdf}), a colon
 * ({@code a.txt::$DATA} names an NTFS stream of {@code a.txt}), and the device names ({@code CON},
 * {@code nul.txt}, {@code COM1.tar.gz}: the device, never a file). Refused, like {@link DeceptiveNames}, never
 * rewritten. Names that differ only by case or Unicode form are {@link NameFold}'s.
 */
final class PortableNames {

    private static final Set<String> DEVICES = Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$");
    // COM and LPT with a digit, superscripts included: Windows treats COM¹ as a device too.
    private static final Pattern NUMBERED_DEVICE = Pattern.compile("(COM|LPT)[0-9\u00B9\u00B2\u00B3]");

    private PortableNames() {
    }

    /** Why {@code name} (already in NFC) is refused, or null when it is fine. */
    static String reason(String name) {
        if (name.endsWith(".") || name.endsWith(" ")) {
            return "name ends with a dot or a space (Windows drops it, so the name would be another's)";
        }
        if (name.indexOf(':') >= 0) {
            return "name contains ':' (on Windows a drive or a stream of another file)";
        }
        int dot = name.indexOf('.');
        String stem = (dot < 0 ? name : name.substring(0, dot)).stripTrailing().toUpperCase(Locale.ROOT);
        if (DEVICES.contains(stem) || NUMBERED_DEVICE.matcher(stem).matches()) {
            return "name is a Windows device name (" + stem + ")";
        }
        return null;
    }
}
