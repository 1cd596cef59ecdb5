package dev.netservices.common.root;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import dev.netservices.common.root.RefusedNameException.Reason;

/**
 * A folder that client-supplied names may not leave.
 *
 * <p>Names are checked as text first (nothing that could mean "elsewhere" or "hidden" is accepted:
 * {@code ..}, separators where one segment is expected, absolute paths, drive letters, control
 * characters, dot-files, over-long names) and then on disk: the real path, symlinks resolved, must
 * lie inside the root and not pass through a hidden folder. A name that does not exist yet (an
 * upload's target) is checked through its nearest existing parent, and a dangling symlink is refused
 * because where it leads cannot be known.
 *
 * <p>Names arrive already decoded (percent-decoding is the HTTP layer's job): checking the decoded
 * text is what makes {@code %2e%2e} harmless.
 */
public final class ConfinedRoot {

    /** Most file systems' limit for one name (bytes of UTF-8). */
    public static final int MAX_SEGMENT_BYTES = 255;
    /** Linux's PATH_MAX. */
    public static final int MAX_PATH_BYTES = 4096;

    private final Path root;

    /** @param root an existing folder; kept as its real path */
    public ConfinedRoot(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("root folder " + root + " is not readable", e);
        }
        if (!Files.isDirectory(this.root)) {
            throw new IllegalArgumentException("root " + root + " is not a folder");
        }
    }

    /** The root's real path. */
    public Path root() {
        return root;
    }

    /** A single file name directly under the root ({@code a.txt}; never {@code dir/a.txt}). */
    public Path resolveName(String name) throws RefusedNameException {
        checkSegment(name);
        return confined(root.resolve(name));
    }

    /**
     * A relative path of {@code /}-separated segments under the root, such as the decoded path of a URL
     * without its leading slash; the empty path is the root itself.
     */
    public Path resolvePath(String relativePath) throws RefusedNameException {
        if (relativePath.isEmpty()) {
            return root;
        }
        if (relativePath.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new RefusedNameException(Reason.TOO_LONG);
        }
        if (relativePath.startsWith("/")) {
            throw new RefusedNameException(Reason.ABSOLUTE);
        }
        String[] segments = relativePath.split("/", -1);
        Path candidate = root;
        for (String segment : segments) {
            checkSegment(segment);
            candidate = candidate.resolve(segment);
        }
        return confined(candidate);
    }

    private static void checkSegment(String name) throws RefusedNameException {
        if (name == null || name.isEmpty()) {
            throw new RefusedNameException(Reason.EMPTY);
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw new RefusedNameException(Reason.TOO_LONG);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new RefusedNameException(Reason.CONTROL_CHARACTER);
            }
            if (Character.isSurrogate(c) && !validSurrogatePair(name, i)) {
                throw new RefusedNameException(Reason.CONTROL_CHARACTER);
            }
        }
        if (name.startsWith("/")) {
            throw new RefusedNameException(Reason.ABSOLUTE);
        }
        if (isDriveLetter(name)) {
            throw new RefusedNameException(Reason.DRIVE_LETTER);
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            throw new RefusedNameException(Reason.SEPARATOR);
        }
        if (name.equals(".") || name.equals("..")) {
            throw new RefusedNameException(Reason.DOT_SEGMENT);
        }
        if (name.startsWith(".")) {
            throw new RefusedNameException(Reason.HIDDEN);
        }
    }

    private static boolean validSurrogatePair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    // "C:" means a drive on Windows; refused everywhere so that a name means the same on any host.
    private static boolean isDriveLetter(String name) {
        return name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0));
    }

    private Path confined(Path candidate) throws RefusedNameException {
        try {
            if (Files.exists(candidate)) {
                if (!insideRoot(candidate.toRealPath())) {
                    throw new RefusedNameException(Reason.OUTSIDE_ROOT);
                }
                return candidate;
            }
            if (Files.isSymbolicLink(candidate)) {
                throw new RefusedNameException(Reason.OUTSIDE_ROOT);
            }
            Path parent = candidate.getParent();
            while (parent != null && !Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
                parent = parent.getParent();
            }
            if (parent == null || !insideRoot(parent.toRealPath())) {
                throw new RefusedNameException(Reason.OUTSIDE_ROOT);
            }
            return candidate;
        } catch (IOException e) {
            throw new RefusedNameException(Reason.OUTSIDE_ROOT);
        }
    }

    private boolean insideRoot(Path real) throws RefusedNameException {
        if (!real.startsWith(root)) {
            return false;
        }
        // A link inside the root may still point at a hidden file or folder inside it.
        for (Path segment : root.relativize(real)) {
            if (segment.toString().startsWith(".")) {
                throw new RefusedNameException(Reason.HIDDEN);
            }
        }
        return true;
    }
}
