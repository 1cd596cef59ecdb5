package dev.netservices.files.session;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.files.session.Command.Delete;
import dev.netservices.files.session.Command.Rename;
import dev.netservices.files.session.Command.Stat;
import dev.netservices.files.store.FileDigest;
import dev.netservices.files.store.FileStore;
import dev.netservices.files.store.StoreException;
import dev.netservices.files.store.StoredFile;

/**
 * The commands without a body to move (LIST, STAT, DELETE, RENAME): each asks the store and answers a
 * {@link Reply} value (LIST with its listing as the body). Store refusals become replies through
 * {@link #refusal}, the one place that also warns when the server's own disk failed.
 */
final class LibraryCommands {

    private static final Logger log = LoggerFactory.getLogger(LibraryCommands.class);

    /** A reply and the body sent right after it (empty for most). */
    record Answer(Reply reply, byte[] body) {
        static Answer of(Reply reply) {
            return new Answer(reply, null);
        }
    }

    private final FileStore store;
    private final String peer;

    LibraryCommands(FileStore store, String peer) {
        this.store = store;
        this.peer = peer;
    }

    Answer list() {
        List<StoredFile> files;
        try {
            files = store.list();
        } catch (StoreException e) {
            return Answer.of(refusal(e, peer));
        }
        StringBuilder body = new StringBuilder();
        for (StoredFile file : files) {
            body.append(file.size()).append(' ').append(file.name()).append("\r\n");
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        return new Answer(Reply.ok("%d bytes, %d %s".formatted(bytes.length, files.size(), files.size() == 1 ? "file" : "files")), bytes);
    }

    Reply stat(Stat stat) {
        try {
            FileDigest digest = store.stat(stat.name());
            return Reply.ok("%d %s %s".formatted(digest.size(), digest.sha256(), digest.name()));
        } catch (StoreException e) {
            return refusal(e, peer);
        }
    }

    Reply delete(Delete delete) {
        try {
            store.delete(delete.name());
            return done("deleted " + delete.name());
        } catch (StoreException e) {
            return refusal(e, peer);
        }
    }

    Reply rename(Rename rename) {
        try {
            store.rename(rename.from(), rename.to());
            return done("renamed " + rename.from() + " to " + rename.to());
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
