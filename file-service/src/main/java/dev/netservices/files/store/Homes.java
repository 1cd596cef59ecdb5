package dev.netservices.files.store;

/**
 * The libraries of accounts with a home folder: each a {@link FileStore} whose top folder is that home, so a
 * session in it sees nothing above it, with the account's own quota and file limit.
 */
public interface Homes {

    /**
     * The store of {@code folder} (relative to the root, checked like any path; made when missing), with the
     * service's limits narrowed to {@code quota} and {@code maxFiles} (negative: the service's).
     */
    FileStore home(String folder, long quota, long maxFiles) throws StoreException;

    /** The library of sessions that did not log in: {@code files.anonymous-home}, or the whole root. */
    FileStore anonymous();

    /**
     * What {@link #anonymous()} answers, found once at start: {@code anonymousHome} opened as a home with the service's
     * limits, or {@code rootStore} when it is empty. A home that cannot be opened stops the start, naming the setting.
     */
    default FileStore anonymousHome(FileStore rootStore, String anonymousHome) {
        if (anonymousHome.isEmpty()) {
            return rootStore;
        }
        try {
            return home(anonymousHome, -1, -1);
        } catch (StoreException e) {
            throw new IllegalArgumentException("files.anonymous-home " + anonymousHome + ": " + e.getMessage(), e);
        }
    }
}
