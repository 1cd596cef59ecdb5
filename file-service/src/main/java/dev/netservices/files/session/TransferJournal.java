package dev.netservices.files.session;

/**
 * Where a session tells each finished or failed transfer and each change to the library, for the transfer log
 * (vsftpd's xferlog, SFTPGo's JSON lines). Called on the session's thread: an implementation must not block it.
 */
public interface TransferJournal {

    /** What a session did and how it ended. */
    record Entry(String operation, String user, String address, String path, String to, long bytes, long millis, String sha256,
            String outcome, String reason) {
    }

    TransferJournal NONE = entry -> {
    };

    void record(Entry entry);
}
