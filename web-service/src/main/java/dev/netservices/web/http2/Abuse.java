package dev.netservices.web.http2;

/**
 * The HTTP/2 attacks a connection is ended for (GOAWAY ENHANCE_YOUR_CALM), each counted under its own tag
 * in {@code web.http2.abuse}.
 */
public enum Abuse {
    /** CVE-2023-44487: streams opened and reset by the client faster than they are answered. */
    RAPID_RESET("rapid-reset"),
    /** CVE-2024-27316: a header block that never ends (CONTINUATION without END_HEADERS). */
    CONTINUATION_FLOOD("continuation-flood"),
    /** A header block that expands past MAX_HEADER_LIST_SIZE. */
    HEADER_LIST("header-list"),
    /** CVE-2019-9512/9515/9518 and PRIORITY floods: frames that cost us work and carry no request. */
    CONTROL_FLOOD("control-flood"),
    /** CVE-2019-9517 and slow reads: responses waiting on a window the client never opens. */
    STALLED("stalled"),
    /** More streams opened past MAX_CONCURRENT_STREAMS, again and again (each one is REFUSED_STREAM). */
    REFUSED_STREAMS("refused-streams");

    private final String tag;

    Abuse(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
