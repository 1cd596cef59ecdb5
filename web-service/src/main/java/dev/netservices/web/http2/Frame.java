package dev.netservices.web.http2;

/** One frame as read (RFC 9113 6), padding already removed. */
sealed interface Frame {

    int TYPE_DATA = 0x0;
    int TYPE_HEADERS = 0x1;
    int TYPE_PRIORITY = 0x2;
    int TYPE_RST_STREAM = 0x3;
    int TYPE_SETTINGS = 0x4;
    int TYPE_PUSH_PROMISE = 0x5;
    int TYPE_PING = 0x6;
    int TYPE_GOAWAY = 0x7;
    int TYPE_WINDOW_UPDATE = 0x8;
    int TYPE_CONTINUATION = 0x9;

    int FLAG_END_STREAM = 0x1;
    int FLAG_ACK = 0x1;
    int FLAG_END_HEADERS = 0x4;
    int FLAG_PADDED = 0x8;
    int FLAG_PRIORITY = 0x20;

    int streamId();

    /** @param flowLength the whole payload with padding: what flow control counts (RFC 9113 6.9) */
    record Data(int streamId, int length, int flowLength, boolean endStream) implements Frame {
    }

    /** @param dependsOn the priority's stream dependency, or -1 without the PRIORITY flag */
    record Headers(int streamId, byte[] fragment, boolean endStream, boolean endHeaders, int dependsOn) implements Frame {
    }

    record Priority(int streamId, int dependsOn) implements Frame {
    }

    record RstStream(int streamId, int errorCode) implements Frame {
    }

    /** @param values identifier and value pairs in the order sent */
    record Settings(int streamId, boolean ack, int[] values) implements Frame {
    }

    record PushPromise(int streamId) implements Frame {
    }

    record Ping(int streamId, boolean ack, long payload) implements Frame {
    }

    record GoAway(int streamId, int lastStreamId, int errorCode) implements Frame {
    }

    record WindowUpdate(int streamId, int increment) implements Frame {
    }

    record Continuation(int streamId, byte[] fragment, boolean endHeaders) implements Frame {
    }

    /** A frame of a type we do not know: ignored (RFC 9113 5.5), except inside a header block. */
    record Unknown(int streamId) implements Frame {
    }
}
