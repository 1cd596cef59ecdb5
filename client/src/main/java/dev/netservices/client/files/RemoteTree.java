package dev.netservices.client.files;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Folder trees on the server, as the client walks and makes them over one connection. */
final class RemoteTree {

    /** {@code LIST}s sent before their replies are read: their lines fit any socket buffer, so neither side blocks the other. */
    static final int LISTS_AHEAD = 64;

    private RemoteTree() {
    }

    /** {@code mkdir -p}: one {@code MKDIR} per missing level; a level that exists already is fine. */
    static void makeFolders(FileConnection connection, String path, PrintStream out) throws IOException {
        String made = "";
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            made = RemotePaths.join(made, segment);
            try {
                String answer = connection.makeFolder(made);
                if (out != null) {
                    out.println(answer);
                }
            } catch (ServerReplyException e) {
                if (e.code() != 409 || !connection.command("STAT " + made).startsWith("OK folder ")) {
                    throw e;
                }
            }
        }
    }

    /**
     * Every file under {@code top} with its size, and every folder (size {@link RemoteFile#FOLDER}), by path relative to
     * {@code top}: a level of folders at a time, their {@code LIST}s sent together ({@link FileConnection#listAll}).
     */
    static Map<String, Long> walk(FileConnection connection, String top) throws IOException {
        Map<String, Long> found = new TreeMap<>();
        List<String> level = List.of("");
        while (!level.isEmpty()) {
            List<String> folders = level;
            List<String> next = new ArrayList<>();
            List<String> remote = folders.stream().map(folder -> RemotePaths.join(top, folder).replaceAll("/$", "")).toList();
            connection.listAll(remote, LISTS_AHEAD, (index, entry) -> {
                String path = RemotePaths.join(folders.get(index), entry.name());
                found.put(path, entry.size());
                if (entry.isFolder()) {
                    next.add(path);
                }
            });
            level = next;
        }
        return found;
    }
}
