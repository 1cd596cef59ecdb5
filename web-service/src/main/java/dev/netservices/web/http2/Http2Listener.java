package dev.netservices.web.http2;

/** What the metrics hear of HTTP/2 ({@code web.http2.*}), from every connection's event loop: quick, never blocking. */
public interface Http2Listener {

    /** A connection ended with a GOAWAY carrying {@code code}; {@code abuse} names the attack, or null. */
    void connectionEnded(ErrorCode code, Abuse abuse);

    /** A stream was refused (REFUSED_STREAM) because MAX_CONCURRENT_STREAMS were open. */
    void streamRefused();

    Http2Listener NONE = new Http2Listener() {
        @Override
        public void connectionEnded(ErrorCode code, Abuse abuse) {
        }

        @Override
        public void streamRefused() {
        }
    };
}
