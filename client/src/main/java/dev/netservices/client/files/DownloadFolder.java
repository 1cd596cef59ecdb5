package dev.netservices.client.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import dev.netservices.client.terminal.ServerText;

/**
 * The folder the user chose for downloads. Whatever name the server (or a listing it sent) puts
 * forward, a file is only ever written directly inside this folder: names that are empty, hidden,
 * {@code .}/{@code ..}, contain a separator, a drive letter or a control character, or are too long
 * are refused, and so is a name that already exists there as a symbolic link or a folder.
 */
public final class DownloadFolder {

    static final String PART_SUFFIX = ".part";
    private static final int MAX_NAME_BYTES = 255 - PART_SUFFIX.length();
    private static final long NO_DEVICE = Long.MIN_VALUE;

    private final Path folder;
    /** A folder of the same download (a mirror's top) whose file store this one shares when both are on one device. */
    private final DownloadFolder near;
    /** Found once: finding a path's file store reads the whole mount table (a mirror asks before every file). */
    private volatile FileStore store;
    /** This folder's device number, read once (a mirror's top is asked by every folder of the tree); null until then. */
    private volatile Long device;

    public DownloadFolder(Path folder) throws IOException {
        this(folder, null);
    }

    /**
     * A folder of a download that writes into many ({@code mirror}): its free space is asked of {@code near}'s file store
     * when the two are on the same device, rather than finding the store again (the mount table read and parsed, and
     * every parent looked at, once per folder of the tree: 510 times in the benchmark's). A folder on another device (a
     * mount inside the tree) finds its own.
     */
    DownloadFolder(Path folder, DownloadFolder near) throws IOException {
        Files.createDirectories(folder);
        this.folder = folder.toRealPath();
        this.near = near;
    }

    public Path path() {
        return folder;
    }

    /** Where {@code name} is saved; throws when the name could lead anywhere else. */
    public Path target(String name) throws UnsafeNameException {
        check(name);
        Path target = folder.resolve(name).normalize();
        if (!folder.equals(target.getParent())) {
            throw new UnsafeNameException(name, "it leads outside " + folder);
        }
        refuseLinkOrFolder(name, target);
        refuseLinkOrFolder(name, partOf(target));
        return target;
    }

    /** Bytes a download may still write here (the file store's usable space). */
    public long freeSpace() throws IOException {
        return store().getUsableSpace();
    }

    FileStore store() throws IOException { // package-private for its test
        FileStore found = store;
        if (found == null) {
            long here = near == null ? NO_DEVICE : device();
            store = found = here != NO_DEVICE && here == near.device() ? near.store() : Files.getFileStore(folder);
        }
        return found;
    }

    private long device() throws IOException {
        Long read = device;
        if (read == null) {
            try {
                read = ((Number) Files.getAttribute(folder, "unix:dev")).longValue();
            } catch (UnsupportedOperationException | IllegalArgumentException | ClassCastException notUnix) {
                read = NO_DEVICE; // no device number here (not a Unix file system): each folder finds its own store
            }
            device = read;
        }
        return read;
    }

    /** The partial download kept beside the target until every byte arrived and was verified. */
    public Path partOf(Path target) {
        return target.resolveSibling(target.getFileName() + PART_SUFFIX);
    }

    private static void refuseLinkOrFolder(String name, Path path) throws UnsafeNameException {
        // most targets are new: asking whether one exists costs no exception (a mirror asks for every file), the
        // checks below only run for what is there
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isSymbolicLink(path)) {
            throw new UnsafeNameException(name, path.getFileName() + " is a symbolic link here");
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeNameException(name, path.getFileName() + " is a folder here");
        }
    }

    private static void check(String name) throws UnsafeNameException {
        if (name == null || name.isBlank()) {
            throw new UnsafeNameException(String.valueOf(name), "it is empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new UnsafeNameException(name, "it is too long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (Character.isSurrogate(c) && !pairedSurrogate(name, i))) {
                throw new UnsafeNameException(name, "it contains a control character");
            }
            if (c == '/' || c == '\\') {
                throw new UnsafeNameException(name, "it contains a path separator");
            }
        }
        if (name.startsWith(".")) {
            throw new UnsafeNameException(name, "it is hidden or a dot segment");
        }
        if (name.length() >= 2 && name.charAt(1) == ':') {
            throw new UnsafeNameException(name, "it names a drive");
        }
        if (!name.equals(name.strip())) {
            throw new UnsafeNameException(name, "it begins or ends with a space");
        }
    }

    private static boolean pairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** A name that must not become a local file. */
    public static final class UnsafeNameException extends IOException {
        public UnsafeNameException(String name, String why) {
            super("refusing to save '" + ServerText.shown(name) + "': " + why);
        }
    }
}
