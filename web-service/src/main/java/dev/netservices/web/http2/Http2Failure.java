package dev.netservices.web.http2;

/**
 * A broken rule of RFC 9113, as the engine's value for "answer with this error": on stream 0 a connection
 * error (GOAWAY and close, 5.4.1), else a stream error (RST_STREAM, the connection goes on, 5.4.2). An abuse
 * is a connection error ENHANCE_YOUR_CALM with the attack named for the metrics.
 */
final class Http2Failure extends Exception {

    private final ErrorCode code;
    private final int streamId;
    private final Abuse abuse;

    private Http2Failure(ErrorCode code, int streamId, Abuse abuse, String message) {
        super(message, null, false, false);
        this.code = code;
        this.streamId = streamId;
        this.abuse = abuse;
    }

    static Http2Failure connection(ErrorCode code, String message) {
        return new Http2Failure(code, 0, null, message);
    }

    static Http2Failure stream(int streamId, ErrorCode code, String message) {
        return new Http2Failure(code, streamId, null, message);
    }

    static Http2Failure abuse(Abuse abuse, String message) {
        return new Http2Failure(ErrorCode.ENHANCE_YOUR_CALM, 0, abuse, message);
    }

    ErrorCode code() {
        return code;
    }

    int streamId() {
        return streamId;
    }

    Abuse abuse() {
        return abuse;
    }

    boolean connectionError() {
        return streamId == 0;
    }
}
