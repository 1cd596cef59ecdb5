package dev.netservices.client.files;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Folder trees on the server, as the client walks and makes them over one connection. */
final class RemoteTree {

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

    /** Every file under {@code top} with its size, and every folder (size {@link RemoteFile#FOLDER}), by path relative to {@code top}. */
    static Map<String, Long> walk(FileConnection connection, String top) throws IOException {
        Map<String, Long> found = new TreeMap<>();
        List<String> folders = new ArrayList<>(List.of(""));
        for (int i = 0; i < folders.size(); i++) {
            String folder = folders.get(i);
            for (RemoteFile entry : connection.list(RemotePaths.join(top, folder).replaceAll("/$", ""))) {
                String path = RemotePaths.join(folder, entry.name());
                found.put(path, entry.size());
                if (entry.isFolder()) {
                    folders.add(path);
                }
            }
        }
        return found;
    }
}
