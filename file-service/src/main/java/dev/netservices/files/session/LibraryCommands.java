package dev.netservices.files.session;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.files.account.AccountLimits;
import dev.netservices.files.session.Command.Delete;
import dev.netservices.files.session.Command.ListFiles;
import dev.netservices.files.session.Command.MakeFolder;
import dev.netservices.files.session.Command.RemoveFolder;
import dev.netservices.files.session.Command.Rename;
import dev.netservices.files.session.Command.Stat;
import dev.netservices.files.store.FileDigest;
import dev.netservices.files.store.FileStore;
import dev.netservices.files.store.PartialUpload;
import dev.netservices.files.store.StoreException;
import dev.netservices.files.store.StoredFile;

/**
 * The commands without a body to move (LIST, STAT, DELETE, RENAME, MKDIR, RMDIR): each asks the store and answers
 * a {@link Reply} value (LIST sends its {@link Listing} itself, a chunk at a time). Store refusals become replies through
 * {@link #refusal}, the one place that also warns when the server's own disk failed.
 */
final class LibraryCommands {

    private static final Logger log = LoggerFactory.getLogger(LibraryCommands.class);

    private final Supplier<FileStore> current;
    private final String peer;
    private final SessionJournal journal;
    private final Supplier<AccountLimits> account;

    /**
     * @param current the session's library: the anonymous one, or the home of the account logged in
     * @param account the limits of the account logged in ({@link AccountLimits#NONE} before a login)
     */
    LibraryCommands(Supplier<FileStore> current, Supplier<AccountLimits> account, String peer, SessionJournal journal) {
        this.current = current;
        this.account = account;
        this.peer = peer;
        this.journal = journal;
    }

    Reply deleteLogged(Delete delete) {
        Reply reply = delete(delete);
        journal.answered("delete", delete.name(), null, reply);
        return reply;
    }

    Reply renameLogged(Rename rename) {
        Reply reply = rename(rename);
        journal.answered("rename", rename.from(), rename.to(), reply);
        return reply;
    }

    Reply makeFolderLogged(MakeFolder mkdir) {
        Reply reply = makeFolder(mkdir);
        journal.answered("mkdir", mkdir.path(), null, reply);
        return reply;
    }

    Reply removeFolderLogged(RemoveFolder rmdir) {
        Reply reply = removeFolder(rmdir);
        journal.answered("rmdir", rmdir.path(), null, reply);
        return reply;
    }

    /**
     * {@code QUOTA}, and {@code STAT} of the top folder: what the session's library holds against its limits, and the
     * rates its transfers are paced to when the account has them.
     */
    Reply quota() {
        FileStore.Usage usage = current.get().usage();
        AccountLimits limits = account.get();
        return Reply.ok("%d bytes used of %s, %d %s of %s%s%s".formatted(usage.usedBytes(), limit(usage.quota()), usage.files(),
                usage.files() == 1 ? "file" : "files", limit(usage.maxFiles()), rate(", uploads paced to ", limits.uploadRate()),
                rate(", downloads paced to ", limits.downloadRate())));
    }

    private static String rate(String what, long bytesPerSecond) {
        return bytesPerSecond > 0 ? what + bytesPerSecond + " bytes/s" : "";
    }

    private static String limit(long value) {
        return value == Long.MAX_VALUE ? "no limit" : String.valueOf(value);
    }

    /** Sends the folder's listing, or the refusal when there is no such folder. */
    void list(ListFiles list, Conduit conduit, SessionOutput out) throws IOException {
        List<StoredFile> entries;
        try {
            entries = current.get().list(list.folder());
        } catch (StoreException e) {
            out.send(refusal(e, peer));
            return;
        }
        Listing.of(entries).send(conduit);
    }

    /**
     * A file's size and digest, a folder's entry count, or what the server holds of {@code owner}'s partial upload of it;
     * the session's top folder answers with its usage and limits, as {@code QUOTA} does.
     */
    Reply stat(Stat stat, String owner) {
        if (stat.name().isEmpty()) {
            return quota();
        }
        // a folder may be named as this reply and LIST show it, "docs/" (as LIST, MKDIR and RMDIR take it); a trailing
        // slash on a file is still refused, by the stat below
        String folder = stat.name().endsWith("/") ? stat.name().substring(0, stat.name().length() - 1) : stat.name();
        try {
            if (current.get().isFolder(folder)) {
                int entries = current.get().list(folder).size();
                return Reply.ok("folder %d %s %s/".formatted(entries, entries == 1 ? "entry" : "entries", folder));
            }
            FileDigest digest = current.get().stat(stat.name());
            return Reply.ok("%d %s %s".formatted(digest.size(), digest.sha256(), digest.name()));
        } catch (StoreException e) {
            return e.reason() == StoreException.Reason.NOT_FOUND ? partialOr(stat, owner, e) : refusal(e, peer);
        }
    }

    private Reply partialOr(Stat stat, String owner, StoreException notFound) {
        try {
            PartialUpload partial = current.get().partial(stat.name(), owner);
            return partial == null ? refusal(notFound, peer)
                    : Reply.ok("partial %d of %d %s".formatted(partial.held(), partial.size(), partial.path()));
        } catch (StoreException e) {
            return refusal(notFound, peer);
        }
    }

    Reply delete(Delete delete) {
        try {
            current.get().delete(delete.name());
            return done("deleted " + delete.name());
        } catch (StoreException e) {
            return refusal(e, peer);
        }
    }

    Reply rename(Rename rename) {
        try {
            current.get().rename(rename.from(), rename.to());
            return done("renamed " + rename.from() + " to " + rename.to());
        } catch (StoreException e) {
            return refusal(e, peer);
        }
    }

    Reply makeFolder(MakeFolder mkdir) {
        try {
            current.get().makeFolder(mkdir.path());
            return done("made folder " + mkdir.path());
        } catch (StoreException e) {
            return refusal(e, peer);
        }
    }

    Reply removeFolder(RemoveFolder rmdir) {
        try {
            current.get().removeFolder(rmdir.path());
            return done("removed folder " + rmdir.path());
        } catch (StoreException e) {
            return refusal(e, peer);
        }
    }

    private Reply done(String what) {
        log.info("{} from {}", what, peer);
        return Reply.ok(what);
    }

    /** The store's refusal as a reply; a failure of the server's own disk is worth a warning too. */
    static Reply refusal(StoreException e, String peer) {
        if (e.reason() == StoreException.Reason.IO) {
            log.warn("store failure for {}: {}", peer, e.getMessage(), e.getCause());
        }
        return Reply.of(e);
    }
}
