package dev.netservices.files.store;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.netservices.files.store.StoreException.Reason;

/**
 * Changes to the local tree other than uploads: files deleted and renamed (across folders too), folders made (one
 * {@code mkdir(2)} under the name claims, so no two spellings of a name land in one folder), removed only when
 * empty, and moved whole in one {@code rename(2)}; each forces the folder entries it changed before it answers.
 */
final class TreeChanges {

    private final LibraryNames names;
    private final LibraryIndex index;
    private final NameClaims claims;
    private final DigestCache digests;
    private final DiskSync sync;
    private final boolean overwrite;
    private final Duration partialRetention;

    TreeChanges(LibraryNames names, LibraryIndex index, NameClaims claims, DigestCache digests, DiskSync sync, boolean overwrite,
            Duration partialRetention) {
        this.names = names;
        this.index = index;
        this.claims = claims;
        this.digests = digests;
        this.sync = sync;
        this.overwrite = overwrite;
        this.partialRetention = partialRetention;
    }

    void makeFolder(String path) throws StoreException {
        String nfc = PathRules.notTheTopFolder(names.normalized(path));
        Path target = names.resolveInFolder(nfc);
        Path folderPath = target.getParent();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException(Reason.EXISTS, nfc + " already exists");
        }
        try {
            claims.place(nfc, null, null, () -> {
                Files.createDirectory(target);
                index.addFolder(nfc);
            });
            sync.forceFolder(folderPath);
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(Reason.EXISTS, nfc + " already exists");
        } catch (NoSuchFileException e) {
            throw LibraryNames.noSuchFolder(LibraryNames.parentOf(nfc));
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "making folder " + nfc + " failed on the server", e);
        }
    }

    void removeFolder(String path) throws StoreException {
        String nfc = PathRules.notTheTopFolder(names.normalized(path));
        Path target = names.resolve(nfc);
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw LibraryNames.noSuchFolder(nfc);
        }
        try {
            Files.delete(target);
            index.remove(nfc);
            sync.forceFolder(target.getParent());
        } catch (DirectoryNotEmptyException e) {
            throw notEmpty(nfc, target);
        } catch (NoSuchFileException e) {
            throw LibraryNames.noSuchFolder(nfc);
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "removing folder " + nfc + " failed on the server", e);
        }
    }

    /**
     * Why {@code folder} was not removed, in words a user can act on: its entries, or what it holds that a listing does
     * not show (an upload into it under way; the part of an interrupted one, kept for its resume until the retention
     * ends; else entries made by hand that the library does not list).
     */
    private StoreException notEmpty(String nfc, Path folder) {
        List<StoredFile> entries = index.entries(nfc);
        int count = entries == null ? 0 : entries.size();
        if (count > 0) {
            return new StoreException(Reason.EXISTS, "%s is not empty (%d %s)".formatted(nfc, count, count == 1 ? "entry" : "entries"));
        }
        int uploading = claims.uploadsInto(nfc);
        if (uploading > 0) {
            return StoreException.uploadsUnderWay(nfc, "removed", uploading);
        }
        int partials = 0;
        Instant keptUntil = Instant.EPOCH;
        try (DirectoryStream<Path> found = Files.newDirectoryStream(folder, PartialUploads.PREFIX + "*" + PartialUploads.SUFFIX)) {
            for (Path partial : found) {
                BasicFileAttributes attributes = Files.readAttributes(partial, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isRegularFile()) {
                    partials++;
                    Instant until = attributes.lastModifiedTime().toInstant().plus(partialRetention);
                    keptUntil = until.isAfter(keptUntil) ? until : keptUntil;
                }
            }
        } catch (IOException e) {
            // unreadable now: answered as hidden entries below
        }
        if (partials > 0) {
            return StoreException.keptParts(nfc, partials, keptUntil);
        }
        return new StoreException(Reason.EXISTS, nfc + " is not empty (it holds hidden or unlisted entries)");
    }

    /** A folder moves whole, in one {@code rename(2)}; never over an existing entry, nor into itself. */
    private void renameFolder(String source, String target, Path sourcePath, Path targetPath) throws StoreException {
        if ((target + "/").startsWith(source + "/")) {
            throw new StoreException(Reason.REFUSED_NAME, "refused name: a folder cannot move into itself");
        }
        try {
            claims.placeFolder(target, source, () -> {
                Files.move(sourcePath, targetPath, StandardCopyOption.ATOMIC_MOVE);
                index.remove(source);
                index.folderMovedIn(target);
            });
            sync.forceFolder(targetPath.getParent());
            sync.forceFolder(sourcePath.getParent());
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            throw new StoreException(Reason.EXISTS, target + " already exists");
        } catch (NoSuchFileException e) {
            throw LibraryNames.noSuchFolder(source);
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "renaming " + source + " failed on the server", e);
        }
    }

    void delete(String name) throws StoreException {
        String nfc = names.normalized(name);
        Path file = names.resolve(nfc);
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException(Reason.EXISTS, nfc + " is a folder; RMDIR removes an empty folder");
        }
        if (!Files.isRegularFile(file)) {
            throw LibraryNames.notFound(nfc);
        }
        try {
            Files.delete(file);
            digests.forget(nfc);
            index.remove(nfc);
            sync.forceFolder(file.getParent());
        } catch (NoSuchFileException e) {
            throw LibraryNames.notFound(nfc);
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "deleting " + nfc + " failed on the server", e);
        }
    }

    /**
     * Without overwrite: a hard link under the new name (which fails if the name exists, even when it
     * appeared a microsecond ago), then the old name removed; with overwrite: one {@code rename(2)}.
     */
    void rename(String from, String to) throws StoreException {
        String source = names.normalized(from);
        String target = names.normalized(to);
        Path sourcePath = names.resolve(source);
        Path targetPath = names.resolve(target);
        boolean folderMove = Files.isDirectory(sourcePath, LinkOption.NOFOLLOW_LINKS);
        if (!folderMove && !Files.isRegularFile(sourcePath)) {
            throw LibraryNames.notFound(source);
        }
        if (source.equals(target)) {
            return;
        }
        names.resolveInFolder(target);
        if (Files.isDirectory(targetPath)) {
            throw new StoreException(Reason.EXISTS, target + " is a folder");
        }
        if (folderMove) {
            renameFolder(source, target, sourcePath, targetPath);
            return;
        }
        try {
            claims.place(target, source, null, () -> {
                if (overwrite) {
                    Files.move(sourcePath, targetPath, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.createLink(targetPath, sourcePath);
                    Files.delete(sourcePath);
                }
                index.remove(source);
                index.refresh(LibraryNames.parentOf(target), LibraryNames.leafOf(target));
            });
            digests.renamed(source, target);
            sync.forceFolder(targetPath.getParent());
            if (!targetPath.getParent().equals(sourcePath.getParent())) {
                sync.forceFolder(sourcePath.getParent());
            }
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(Reason.EXISTS, target + " already exists and overwriting is off");
        } catch (NoSuchFileException e) {
            throw LibraryNames.notFound(source);
        } catch (IOException e) {
            throw new StoreException(Reason.IO, "renaming " + source + " failed on the server", e);
        }
    }
}
