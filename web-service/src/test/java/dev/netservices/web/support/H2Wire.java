package dev.netservices.web.support;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.netservices.web.hpack.HeaderField;
import dev.netservices.web.hpack.HpackDecoder;
import dev.netservices.web.hpack.HpackEncoder;

/**
 * HTTP/2 by hand over a plain socket: frames built byte by byte, so a test can send what no client library
 * would (bad sizes, wrong streams, floods) and read every frame the server answers. Header blocks are made by
 * our own HPACK encoder (tested on its own against RFC 7541's examples) or given as raw bytes.
 */
public final class H2Wire implements AutoCloseable {

    public static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    public static final int DATA = 0, HEADERS = 1, PRIORITY = 2, RST_STREAM = 3, SETTINGS = 4, PUSH_PROMISE = 5,
            PING = 6, GOAWAY = 7, WINDOW_UPDATE = 8, CONTINUATION = 9;
    public static final int END_STREAM = 1, ACK = 1, END_HEADERS = 4, PADDED = 8, PRIORITY_FLAG = 0x20;

    /** One frame as read. */
    public record Frame(int type, int flags, int stream, byte[] payload) {
        public int errorCode() {
            int at = type == GOAWAY ? 4 : 0;
            return ByteBuffer.wrap(payload, at, 4).getInt();
        }

        public int lastStreamId() {
            return ByteBuffer.wrap(payload, 0, 4).getInt() & 0x7fffffff;
        }

        public boolean has(int flag) {
            return (flags & flag) != 0;
        }

        @Override
        public String toString() {
            return "Frame[type=" + type + " flags=" + flags + " stream=" + stream + " length=" + payload.length + "]";
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final HpackEncoder encoder = new HpackEncoder();
    private final HpackDecoder decoder = new HpackDecoder(4096, 1 << 20);

    public H2Wire(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(20_000);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = socket.getOutputStream();
    }

    public H2Wire(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Preface, an empty SETTINGS, and the server's SETTINGS read (the ACK of ours may come later). */
    public static H2Wire open(int port) throws IOException {
        return open(port, new byte[0]);
    }

    /** As {@link #open(int)} with our SETTINGS' payload given (see {@link #settings}). */
    public static H2Wire open(int port, byte[] ours) throws IOException {
        H2Wire wire = new H2Wire(port);
        wire.raw(PREFACE);
        wire.frame(SETTINGS, 0, 0, ours);
        Frame settings = wire.read();
        if (settings.type() != SETTINGS) {
            throw new IOException("the server's first frame is not SETTINGS: " + settings);
        }
        return wire;
    }

    public H2Wire raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public H2Wire frame(int type, int flags, int stream, byte[] payload) throws IOException {
        return raw(bytes(type, flags, stream, payload));
    }

    public static byte[] bytes(int type, int flags, int stream, byte[] payload) {
        return ByteBuffer.allocate(9 + payload.length).put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8))
                .put((byte) payload.length).put((byte) type).put((byte) flags).putInt(stream).put(payload).array();
    }

    /** The header block of a GET (or {@code method}) of {@code path}, plus {@code extra} fields as name, value pairs. */
    public byte[] block(String method, String path, String... extra) {
        List<HeaderField> fields = new ArrayList<>();
        fields.add(new HeaderField(":method", method));
        fields.add(new HeaderField(":scheme", "http"));
        fields.add(new HeaderField(":path", path));
        fields.add(new HeaderField(":authority", "localhost"));
        for (int i = 0; i < extra.length; i += 2) {
            fields.add(new HeaderField(extra[i], extra[i + 1]));
        }
        return encoder.encode(fields);
    }

    /** A header block of exactly these fields, in this order (for malformed requests). */
    public byte[] blockOf(String... pairs) {
        List<HeaderField> fields = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.add(new HeaderField(pairs[i], pairs[i + 1]));
        }
        return encoder.encode(fields);
    }

    public H2Wire get(int stream, String path, String... extra) throws IOException {
        return frame(HEADERS, END_STREAM | END_HEADERS, stream, block("GET", path, extra));
    }

    public Frame read() throws IOException {
        int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7fffffff;
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(type, flags, stream, payload);
    }

    /** Reads until a frame matches; null when the connection ends first. */
    public Frame readUntil(Predicate<Frame> wanted) throws IOException {
        while (true) {
            Frame frame;
            try {
                frame = read();
            } catch (EOFException | SocketException e) {
                return null;
            }
            if (wanted.test(frame)) {
                return frame;
            }
        }
    }

    /**
     * Sends {@code frames} (one or more whole frames) up to {@code times} times, in batches, looking between batches
     * for the GOAWAY that should end it; then waits for it. The GOAWAY, or null when the server closed without one.
     */
    public Frame floodUntilGoAway(byte[] frames, int times) throws IOException {
        int batch = Math.max(1, 16_384 / frames.length);
        byte[] many = new byte[frames.length * batch];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(frames, 0, many, i * frames.length, frames.length);
        }
        try {
            for (int sent = 0; sent < times; sent += batch) {
                raw(many);
                while (in.available() > 0) {
                    Frame frame = read();
                    if (frame.type() == GOAWAY) {
                        return frame;
                    }
                }
            }
        } catch (SocketException e) {
            // the server closed while we were still sending: its GOAWAY may still be in our buffer
        }
        return goAway();
    }

    /** The GOAWAY the server sends before it closes; null if it closed without one. */
    public Frame goAway() throws IOException {
        return readUntil(f -> f.type() == GOAWAY);
    }

    /** True once the server has closed the connection (reads until end of stream). */
    public boolean closedByServer() throws IOException {
        return readUntil(f -> false) == null;
    }

    public List<HeaderField> decode(Frame headers) throws Exception {
        return decoder.decode(headers.payload(), headers.payload().length);
    }

    /**
     * Reads one whole response on {@code stream}: its fields (with ":status") and body. Frames of other streams read
     * meanwhile are kept for their own call; every DATA frame's bytes are given back (WINDOW_UPDATE), so a body of
     * any size gets through.
     */
    public Response response(int stream) throws Exception {
        List<HeaderField> fields = null;
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        while (true) {
            List<Frame> mine = held.remove(stream);
            Frame frame = mine != null && !mine.isEmpty() ? mine.removeFirst() : null;
            if (mine != null && !mine.isEmpty()) {
                held.put(stream, mine);
            }
            if (frame == null) {
                frame = read();
                if (frame.type() == HEADERS || frame.type() == CONTINUATION) {
                    // decoded in the order sent: the HPACK table is the connection's
                    frame = new Frame(frame.type(), frame.flags(), frame.stream(), encodeFields(decode(frame)));
                }
                if (frame.type() == DATA && frame.payload().length > 0) {
                    frame(WINDOW_UPDATE, 0, 0, int32(frame.payload().length));
                    frame(WINDOW_UPDATE, 0, frame.stream(), int32(frame.payload().length));
                }
                if (frame.stream() != stream && frame.stream() != 0) {
                    held.computeIfAbsent(frame.stream(), s -> new ArrayList<>()).add(frame);
                    continue;
                }
            }
            if (frame.type() == HEADERS && frame.stream() == stream) {
                fields = fieldsOf(frame.payload());
                if (frame.has(END_STREAM)) {
                    return new Response(fields, body.toByteArray());
                }
            } else if (frame.type() == DATA && frame.stream() == stream) {
                body.write(frame.payload());
                if (frame.has(END_STREAM)) {
                    return new Response(fields, body.toByteArray());
                }
            } else if (frame.type() == RST_STREAM && frame.stream() == stream || frame.type() == GOAWAY) {
                throw new IOException("stream " + stream + " ended by " + frame + " code " + frame.errorCode());
            }
        }
    }

    private final java.util.Map<Integer, List<Frame>> held = new java.util.HashMap<>();

    // Decoded fields carried in a held frame: name and value lengths then bytes, ISO-8859-1.
    private static byte[] encodeFields(List<HeaderField> fields) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (HeaderField field : fields) {
            for (String s : new String[] {field.name(), field.value()}) {
                byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
                out.writeBytes(int32(bytes.length));
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }

    private static List<HeaderField> fieldsOf(byte[] encoded) {
        List<HeaderField> fields = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(encoded);
        while (in.hasRemaining()) {
            String[] pair = new String[2];
            for (int i = 0; i < 2; i++) {
                byte[] bytes = new byte[in.getInt()];
                in.get(bytes);
                pair[i] = new String(bytes, StandardCharsets.ISO_8859_1);
            }
            fields.add(new HeaderField(pair[0], pair[1]));
        }
        return fields;
    }

    public record Response(List<HeaderField> fields, byte[] body) {
        public String field(String name) {
            return fields.stream().filter(f -> f.name().equals(name)).map(HeaderField::value).findFirst().orElse(null);
        }

        public int status() {
            return Integer.parseInt(field(":status"));
        }
    }

    public static byte[] int32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    public static byte[] settings(int... pairs) {
        ByteBuffer b = ByteBuffer.allocate(pairs.length / 2 * 6);
        for (int i = 0; i < pairs.length; i += 2) {
            b.putShort((short) pairs[i]).putInt(pairs[i + 1]);
        }
        return b.array();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
