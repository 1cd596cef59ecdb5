package dev.netservices.files.account;

/**
 * What a session may do: read (LIST, GET, STAT) and, with read-write, change (PUT, DELETE, RENAME). The constants
 * are in rising order: each allows what the ones before it allow ({@code session.AccessRule} compares them).
 */
public enum Access {
    NONE("no access"),
    READ("read-only"),
    READ_WRITE("read-write");

    private final String text;

    Access(String text) {
        this.text = text;
    }

    /** As the protocol says it: {@code read-only}, {@code read-write}. */
    public String text() {
        return text;
    }

    public boolean mayRead() {
        return this != NONE;
    }
}
