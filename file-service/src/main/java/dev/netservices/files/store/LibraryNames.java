package dev.netservices.files.store;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.common.root.RefusedNameException;
import dev.netservices.files.store.StoreException.Reason;

/**
 * Which client-supplied paths reach which files. A path is {@code /}-separated segments relative to the
 * library's top folder ({@code docs/2026/report.pdf}); it is first put in Unicode NFC (two spellings of
 * {@code café} are one name), then every segment must pass {@link DeceptiveNames} and {@link PortableNames}, the
 * path must be representable in the JVM's file-name encoding and within the depth and length limits, and it must
 * pass {@link ConfinedRoot}'s rules for every segment (no {@code ..}, nothing hidden, no link leading out).
 * Every refusal is the store's {@code REFUSED_NAME} with the reason.
 */
final class LibraryNames {

    private final ConfinedRoot root;
    private final Charset fileNameEncoding;
    private final int maxDepth;
    private final int maxBytes;

    LibraryNames(ConfinedRoot root, Charset fileNameEncoding, int maxDepth, int maxBytes) {
        this.root = root;
        this.fileNameEncoding = fileNameEncoding;
        this.maxDepth = maxDepth;
        this.maxBytes = maxBytes;
    }

    Path folder() {
        return root.root();
    }

    int maxDepth() {
        return maxDepth;
    }

    /** The path as stored: NFC, and checked by every rule except those that need the disk. */
    String normalized(String path) throws StoreException {
        String nfc = Normalizer.normalize(path, Normalizer.Form.NFC);
        if (nfc.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw refused("path is longer than %d bytes".formatted(maxBytes));
        }
        if (segments(nfc).size() > maxDepth) {
            throw refused("path is deeper than %d folders".formatted(maxDepth));
        }
        String deceptive = DeceptiveNames.reason(nfc);
        if (deceptive != null) {
            throw refused(deceptive);
        }
        if (!fileNameEncoding.equals(StandardCharsets.UTF_8) && !fileNameEncoding.newEncoder().canEncode(nfc)) {
            throw refused("the server cannot store this name (file-name encoding is " + fileNameEncoding.name() + ")");
        }
        return nfc;
    }

    /** Where {@code path} (already {@link #normalized}) lives, whether or not it exists yet. */
    Path resolve(String path) throws StoreException {
        try {
            Path resolved = root.resolvePath(path);
            // after the root's rules, so that "C:" is still refused for its drive letter
            List<String> segments = segments(path);
            Path folder = folder();
            for (int i = 0; i < segments.size(); i++) {
                String unportable = PortableNames.reason(segments.get(i));
                if (unportable != null) {
                    throw refused(unportable);
                }
                folder = folder.resolve(segments.get(i));
                // a link to a folder is not a folder here, even one inside the library: a tree has one path per file
                if (i < segments.size() - 1 && Files.isSymbolicLink(folder)) {
                    throw refused("path goes through a link to a folder (links to folders are not followed)");
                }
            }
            return resolved;
        } catch (RefusedNameException e) {
            throw refused(e.reason() == RefusedNameException.Reason.TOO_LONG
                    ? "name is longer than %d bytes".formatted(ConfinedRoot.MAX_SEGMENT_BYTES) : e.getMessage());
        } catch (InvalidPathException e) {
            throw refused("the server cannot store this name (file-name encoding is " + fileNameEncoding.name() + ")");
        }
    }

    /**
     * Where {@code path} (already {@link #normalized}) lives, as {@link #resolve} answers, once the folder that will hold
     * it is found to exist and be a real folder (not a link), else {@code NOT_FOUND} naming that folder. One resolve
     * for both: an upload asks this before every file, and each resolve walks the path on the disk.
     */
    Path resolveInFolder(String path) throws StoreException {
        Path resolved = resolve(path);
        String parent = parentOf(path);
        if (!parent.isEmpty() && !Files.isDirectory(resolved.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            throw noSuchFolder(parent);
        }
        return resolved;
    }

    /**
     * The entry segments, relative to the top folder, of the regular file called {@code path}: the path itself,
     * or where a link inside the library points. A download opens those segments one by one, relative to the
     * folder opened before, without following links, so the file opened is the file checked.
     */
    List<String> entryOf(String path) throws StoreException {
        Path file = resolve(path);
        if (isPlainFile(file)) {
            // the root is a real path and resolve found no folder on the way to be a link: the path is the entry itself,
            // without asking the disk for the real path a second time (a mirror down asks this twice a file, STAT and GET)
            return segments(path);
        }
        if (!Files.isRegularFile(file)) {
            throw notFound(path);
        }
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(folder())) {
                throw notFound(path);
            }
            List<String> segments = new ArrayList<>();
            for (Path segment : folder().relativize(real)) {
                segments.add(segment.toString());
            }
            return segments;
        } catch (IOException e) {
            throw notFound(path);
        }
    }

    /** A regular file itself, not a link to one. */
    private static boolean isPlainFile(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile();
        } catch (IOException e) {
            return false;
        }
    }

    /** True when {@code entryName} in the folder {@code folder} is a file of the library (not hidden, not leading out). */
    boolean isListedFile(String folderPath, String entryName) {
        try {
            return isVisible(entryName) && Files.isRegularFile(root.resolvePath(join(folderPath, entryName)));
        } catch (RefusedNameException | InvalidPathException e) {
            return false;
        }
    }

    /** True when {@code entryName} in {@code folderPath} is a real folder (a link to a folder is not followed). */
    boolean isListedFolder(String folderPath, String entryName) {
        try {
            return isVisible(entryName)
                    && Files.isDirectory(root.resolvePath(join(folderPath, entryName)), LinkOption.NOFOLLOW_LINKS);
        } catch (RefusedNameException | InvalidPathException e) {
            return false;
        }
    }

    private static boolean isVisible(String entryName) {
        return !entryName.startsWith(".") && DeceptiveNames.reason(entryName) == null && PortableNames.reason(entryName) == null;
    }

    static String join(String folderPath, String name) {
        return folderPath.isEmpty() ? name : folderPath + "/" + name;
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static String leafOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static List<String> segments(String path) {
        return List.of(path.split("/", -1));
    }

    static StoreException notFound(String path) {
        return new StoreException(Reason.NOT_FOUND, "no such file: " + path);
    }

    static StoreException noSuchFolder(String path) {
        return new StoreException(Reason.NOT_FOUND, "no such folder: " + path);
    }

    private static StoreException refused(String reason) {
        return new StoreException(Reason.REFUSED_NAME, "refused name: " + reason);
    }
}
