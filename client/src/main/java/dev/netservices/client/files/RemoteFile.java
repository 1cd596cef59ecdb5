package dev.netservices.client.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.netservices.client.terminal.ServerText;

/**
 * One entry of the server's listing; the name exactly as the server sent it (shown through {@link ServerText}); a
 * folder has size {@link #FOLDER}.
 */
public record RemoteFile(String name, long size) {

    public static final long FOLDER = -1;

    public boolean isFolder() {
        return size == FOLDER;
    }

    /** A {@code LIST} body: one {@code <size> <name>} line per file, {@code - <name>/} per folder, CRLF; any other line is refused. */
    static List<RemoteFile> listing(String body) throws IOException {
        List<RemoteFile> files = new ArrayList<>();
        for (String line : body.split("\r\n")) {
            if (!line.isEmpty()) {
                files.add(listed(line));
            }
        }
        return files;
    }

    static RemoteFile listed(String line) throws IOException {
        if (line.startsWith("- ") && line.endsWith("/") && line.length() > 3) {
            return new RemoteFile(line.substring(2, line.length() - 1), FOLDER);
        }
        int space = line.indexOf(' ');
        if (space > 0) {
            try {
                long size = Long.parseLong(line.substring(0, space));
                if (size >= 0) {
                    return new RemoteFile(line.substring(space + 1), size);
                }
            } catch (NumberFormatException e) {
                // told below
            }
        }
        throw new IOException("malformed line in the server's listing: " + ServerText.shown(line));
    }
}
