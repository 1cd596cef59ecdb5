import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The upload benchmark's peer: the least a server must do to acknowledge an upload honestly, and
 * nothing more. It speaks just enough of the file protocol for FileBench ({@code PUT <name> <size>},
 * then the body) and per upload: writes the body to a temporary file while hashing it (SHA-256),
 * forces the file, renames it into place, forces the folder, and only then answers
 * {@code OK <size> <sha256>}. One thread per connection, no limits, no checks: a floor, not a server.
 *
 * <pre>java BareReceiver.java PORT FOLDER</pre>
 */
public class BareReceiver {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path folder = Path.of(args[1]);
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
            while (true) {
                SocketChannel channel = server.accept();
                Thread.ofPlatform().start(() -> serve(channel, folder));
            }
        }
    }

    static void serve(SocketChannel channel, Path folder) {
        try (channel) {
            write(channel, "OK bare receiver\r\n");
            ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
            buffer.flip();
            while (true) {
                String line = readLine(channel, buffer);
                if (line == null) {
                    return;
                }
                String[] words = line.split(" ");
                if (words.length != 3 || !words[0].equals("PUT")) {
                    write(channel, "ERR 400 only PUT <name> <size>\r\n");
                    continue;
                }
                long size = Long.parseLong(words[2]);
                Path temp = folder.resolve(".bare-" + Thread.currentThread().threadId() + ".tmp");
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                try (FileChannel file = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
                    long remaining = size;
                    while (remaining > 0) {
                        if (!buffer.hasRemaining()) {
                            buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
                            if (channel.read(buffer) < 0) {
                                return;
                            }
                            buffer.flip();
                        }
                        ByteBuffer chunk = buffer.duplicate();
                        chunk.limit(chunk.position() + (int) Math.min(chunk.remaining(), remaining));
                        digest.update(chunk.duplicate());
                        int n = chunk.remaining();
                        while (chunk.hasRemaining()) {
                            file.write(chunk);
                        }
                        buffer.position(buffer.position() + n);
                        remaining -= n;
                    }
                    file.force(true);
                }
                Files.move(temp, folder.resolve(words[1]), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
                    dir.force(true);
                }
                write(channel, "OK " + size + " " + HexFormat.of().formatHex(digest.digest()) + "\r\n");
            }
        } catch (Exception e) {
            System.err.println("bare receiver: " + e);
        }
    }

    /** A line ending in CRLF from the buffer (refilled from the channel as needed); null at end of stream. */
    static String readLine(SocketChannel channel, ByteBuffer buffer) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (!buffer.hasRemaining()) {
                buffer.clear();
                if (channel.read(buffer) < 0) {
                    return null;
                }
                buffer.flip();
            }
            char c = (char) (buffer.get() & 0xFF);
            if (c == '\n') {
                int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                return line.substring(0, end);
            }
            line.append(c);
        }
    }

    static void write(SocketChannel channel, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
