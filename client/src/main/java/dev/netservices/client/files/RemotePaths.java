package dev.netservices.client.files;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

import dev.netservices.client.terminal.ServerText;

/**
 * Remote paths as the client builds them: {@code /}-separated, relative to the session's top folder, which the
 * server never lets anyone leave; the client's current remote folder ({@code cd}) and {@code .}/{@code ..} exist
 * only here, so what goes on the wire is always a plain path.
 */
final class RemotePaths {

    private RemotePaths() {
    }

    /** {@code path} from {@code folder}: {@code /x} from the top, {@code ..} up (never above the top). */
    static String resolve(String folder, String path) {
        Deque<String> segments = new ArrayDeque<>();
        if (!path.startsWith("/")) {
            for (String segment : folder.split("/")) {
                if (!segment.isEmpty()) {
                    segments.addLast(segment);
                }
            }
        }
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        return String.join("/", segments);
    }

    /**
     * Refuses {@code path} as the name of a new file or folder when the server would store another, or read the rest
     * of the line (after a line break) as another command. The server takes a
     * path as the text between the command word and the numbers with the spaces (and tabs) around it removed: sent,
     * {@code "notes "} would be stored as {@code notes}, and the client would report a name that is not there.
     */
    static void requireSendable(String path) throws IOException {
        if (path.indexOf('\r') >= 0 || path.indexOf('\n') >= 0) {
            throw new IOException("cannot send '%s': a name cannot hold a line break".formatted(ServerText.shown(path)));
        }
        if (!path.isEmpty() && (isPadding(path.charAt(0)) || isPadding(path.charAt(path.length() - 1)))) {
            throw new IOException("cannot send '%s': a name that begins or ends with a space would be stored without it"
                    .formatted(ServerText.shown(path)));
        }
    }

    private static boolean isPadding(char c) {
        return c == ' ' || c == '\t';
    }

    static String join(String folder, String name) {
        return folder.isEmpty() ? name : folder + "/" + name;
    }

    static String leaf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * The local file name a download of {@code path} gets: its last segment; but a path with an empty, {@code .} or
     * {@code ..} segment (which a server's listing could send) is handed over whole, for the download folder to refuse.
     */
    static String localName(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return path;
            }
        }
        return leaf(path);
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** How a folder is shown: {@code /} for the top, {@code /docs/2026} below it. */
    static String shown(String folder) {
        return "/" + folder;
    }
}
