package dev.netservices.files.session;

import dev.netservices.files.session.TransferJournal.Entry;

/** One session's side of the transfer log: who and from where, filled in for every entry it records. */
final class SessionJournal {

    private final TransferJournal journal;
    private final SessionAccess access;
    private final String address;

    SessionJournal(TransferJournal journal, SessionAccess access, String address) {
        this.journal = journal;
        this.access = access;
        this.address = address;
    }

    void completed(String operation, String path, String to, long bytes, long millis, String sha256) {
        journal.record(new Entry(operation, access.userOrAnonymous(), address, path, to, bytes, millis, sha256, "completed", null));
    }

    void failed(String operation, String path, long bytes, long millis, String reason) {
        journal.record(new Entry(operation, access.userOrAnonymous(), address, path, null, bytes, millis, null, "failed", reason));
    }

    void refused(String operation, String path, String to, Reply reply) {
        journal.record(new Entry(operation, access.userOrAnonymous(), address, path, to, 0, 0, null, "refused", reply.line()));
    }

    /** A command without a body: completed when its reply is OK, refused with the reply otherwise. */
    void answered(String operation, String path, String to, Reply reply) {
        if (reply.isOk()) {
            completed(operation, path, to, 0, 0, null);
        } else {
            refused(operation, path, to, reply);
        }
    }
}
