package dev.netservices.files.store;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;

import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.root.RefusedNameException;

/**
 * The rules a path of the library obeys when no disk stands behind it (the catalog in PostgreSQL): the same rules
 * {@link LibraryNames} applies before it looks at the disk, and the segment rules the local root applies, so a name
 * refused on one machine is refused on many, with the same words.
 */
public final class PathRules {

    private final int maxDepth;
    private final int maxBytes;

    public PathRules(StoreLimits limits) {
        this.maxDepth = limits.maxPathDepth();
        this.maxBytes = limits.maxPathBytes();
    }

    /** The path as stored (NFC), checked; the empty path is the top folder. */
    public String normalized(String path) throws StoreException {
        if (path.isEmpty()) {
            return path;
        }
        String nfc = Normalizer.normalize(path, Normalizer.Form.NFC);
        if (nfc.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw refused("path is longer than %d bytes".formatted(maxBytes));
        }
        List<String> segments = segments(nfc);
        if (segments.size() > maxDepth) {
            throw refused("path is deeper than %d folders".formatted(maxDepth));
        }
        String deceptive = DeceptiveNames.reason(nfc);
        if (deceptive != null) {
            throw refused(deceptive);
        }
        for (String segment : segments) {
            String reason = segmentReason(segment);
            if (reason == null) {
                reason = PortableNames.reason(segment);
            }
            if (reason != null) {
                throw refused(reason);
            }
        }
        return nfc;
    }

    /**
     * {@code nfc}, unless it is the empty path: the session's top folder ({@code MKDIR /}, {@code RMDIR /}), which no
     * client makes or removes. Removed, an empty library (or an empty home) would be gone from under the service,
     * which would then refuse every upload until restarted.
     */
    public static String notTheTopFolder(String nfc) throws StoreException {
        if (nfc.isEmpty()) {
            throw refused("the top folder is neither made nor removed");
        }
        return nfc;
    }

    private static String segmentReason(String segment) {
        if (segment.isEmpty()) {
            return "empty name";
        }
        if (segment.getBytes(StandardCharsets.UTF_8).length > ConfinedRoot.MAX_SEGMENT_BYTES) {
            return "name is longer than %d bytes".formatted(ConfinedRoot.MAX_SEGMENT_BYTES);
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\\') {
                return "control character or backslash in a name";
            }
        }
        if (segment.length() >= 2 && segment.charAt(1) == ':' && Character.isLetter(segment.charAt(0))) {
            return RefusedNameException.Reason.DRIVE_LETTER.text();
        }
        if (segment.equals(".") || segment.equals("..")) {
            return "dot segment";
        }
        if (segment.startsWith(".")) {
            return "hidden name";
        }
        return null;
    }

    /** The folder holding {@code path}; {@code ""} for an entry of the top folder. */
    public static String parentOf(String path) {
        return LibraryNames.parentOf(path);
    }

    /** The last segment of {@code path}. */
    public static String leafOf(String path) {
        return LibraryNames.leafOf(path);
    }

    public static String join(String folder, String name) {
        return LibraryNames.join(folder, name);
    }

    private static List<String> segments(String path) {
        return LibraryNames.segments(path);
    }

    public static StoreException notFound(String path) {
        return LibraryNames.notFound(path);
    }

    public static StoreException noSuchFolder(String path) {
        return LibraryNames.noSuchFolder(path);
    }

    private static StoreException refused(String reason) {
        return new StoreException(StoreException.Reason.REFUSED_NAME, "refused name: " + reason);
    }
}
