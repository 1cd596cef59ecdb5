package dev.netservices.e2e;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.netservices.common.tools.RequiredTool;

/** Where the repository's files are, and free ports to start its services on. */
public final class RepositoryFiles {

    private RepositoryFiles() {
    }

    /** The repository root: Maven runs the tests in the e2e module's folder. */
    public static Path root() {
        Path root = Path.of("").toAbsolutePath().getParent();
        if (!Files.exists(root.resolve("run.sh"))) {
            throw new IllegalStateException("run.sh not found above " + Path.of("").toAbsolutePath());
        }
        return root;
    }

    /** {@code count} TCP ports that were free a moment ago (bound together, so they are distinct). */
    public static List<Integer> freeTcpPorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    public static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The absolute path of an executable on PATH, or null (where a test has a fallback; else {@link Cli#require}). */
    static Path onPath(String command) {
        return RequiredTool.find(command);
    }
}
