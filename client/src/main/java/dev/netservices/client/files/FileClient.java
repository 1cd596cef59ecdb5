package dev.netservices.client.files;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar client.jar files [options] [command]}: the terminal client of the file server.
 *
 * <p>Without a command it is interactive, like the original: it connects, shows what it can do and
 * prompts for {@code list}, {@code get}, {@code put} and {@code quit}. With a command it does that one
 * thing and exits with 0 on success, 1 on failure, 2 on bad usage, for scripts.
 *
 * <p>Every transfer ends with a SHA-256 check: a download against the server's {@code STAT}, an upload
 * against the digest the server answers. A download goes to {@code <name>.part} first and becomes
 * {@code <name>} only once verified; a {@code .part} left by an interrupted download is resumed from
 * its size.
 */
public final class FileClient {

    static final String USAGE = """
            usage: java -jar client.jar files [--host HOST] [--port PORT] [--dir FOLDER] [--force] [--quiet] [COMMAND]
              --host     server host (default localhost)
              --port     server port (default 8888)
              --dir      folder downloads are saved in (default: the current folder)
              --force    replace local files on get
              --quiet    no progress bar
            commands (without one, an interactive prompt starts):
              list                     list the server's files
              get NAME...              download, resuming a NAME.part left by an interrupted download
              put FILE [REMOTE_NAME]   upload a local file
              stat NAME                size and SHA-256 of a file on the server""";

    private final String host;
    private final int port;
    private final DownloadFolder folder;
    private final boolean force;
    private final boolean quiet;
    private final PrintStream out;
    private final PrintStream err;
    private FileConnection connection;
    private List<RemoteFile> lastListing = List.of();

    FileClient(String host, int port, DownloadFolder folder, boolean force, boolean quiet, PrintStream out, PrintStream err) {
        this.host = host;
        this.port = port;
        this.folder = folder;
        this.force = force;
        this.quiet = quiet;
        this.out = out;
        this.err = err;
    }

    /** Entry point from {@code Main}. */
    public static int run(String[] args) {
        return run(args, System.in, System.out, System.err);
    }

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        String host = "localhost";
        int port = 8888;
        Path dir = Path.of(".");
        boolean force = false;
        boolean quiet = false;
        int i = 0;
        try {
            for (; i < args.length && args[i].startsWith("--"); i++) {
                switch (args[i]) {
                    case "--host" -> host = args[++i];
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    case "--dir" -> dir = Path.of(args[++i]);
                    case "--force" -> force = true;
                    case "--quiet" -> quiet = true;
                    case "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            err.println(e instanceof ArrayIndexOutOfBoundsException ? "an option lacks its value" : e.getMessage());
            err.println(USAGE);
            return 2;
        }
        String[] command = Arrays.copyOfRange(args, i, args.length);
        FileClient client;
        try {
            client = new FileClient(host, port, new DownloadFolder(dir), force, quiet, out, err);
        } catch (IOException e) {
            err.println("cannot use download folder " + dir + ": " + e.getMessage());
            return 1;
        }
        try {
            return command.length == 0 ? client.interactive(in) : client.once(command);
        } finally {
            client.disconnect();
        }
    }

    int once(String[] command) {
        String verb = command[0].toLowerCase();
        List<String> arguments = List.of(command).subList(1, command.length);
        boolean shapeOk = switch (verb) {
            case "list", "ls" -> arguments.isEmpty();
            case "get", "stat" -> !arguments.isEmpty();
            case "put" -> arguments.size() == 1 || arguments.size() == 2;
            default -> false;
        };
        if (!shapeOk) {
            err.println(USAGE);
            return 2;
        }
        try {
            switch (verb) {
                case "list", "ls" -> list();
                case "get" -> {
                    for (String name : arguments) {
                        get(name);
                    }
                }
                case "put" -> put(Path.of(arguments.get(0)), arguments.size() == 2 ? arguments.get(1) : null);
                case "stat" -> {
                    for (String name : arguments) {
                        stat(name);
                    }
                }
                default -> throw new IllegalStateException(verb);
            }
            return 0;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    int interactive(InputStream input) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        try {
            out.println("Connected to " + host + ":" + port + " - " + connection().greeting());
        } catch (IOException e) {
            err.println("error: cannot reach the file server at " + host + ":" + port + ": " + e.getMessage());
            return 1;
        }
        out.println("Downloads are saved in " + folder.path());
        printHelp();
        while (true) {
            out.print("files> ");
            out.flush();
            String line;
            try {
                line = reader.readLine();
            } catch (IOException e) {
                return 1;
            }
            if (line == null) {
                out.println();
                return 0;
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            int space = line.indexOf(' ');
            String verb = (space < 0 ? line : line.substring(0, space)).toLowerCase();
            String rest = space < 0 ? "" : line.substring(space + 1).strip();
            try {
                switch (verb) {
                    case "list", "ls", "l" -> list();
                    case "get", "g" -> {
                        if (rest.isEmpty()) {
                            out.println("get which file? type its name or its number from the last list");
                        } else {
                            get(fromListing(rest));
                        }
                    }
                    case "put", "p" -> {
                        if (rest.isEmpty()) {
                            out.println("put which local file? e.g. put ./report.pdf");
                        } else {
                            put(Path.of(rest), null);
                        }
                    }
                    case "stat" -> stat(fromListing(rest));
                    case "help", "h", "?" -> printHelp();
                    case "quit", "q", "exit" -> {
                        out.println("bye");
                        return 0;
                    }
                    default -> out.println("unknown command '" + verb + "'; type help");
                }
            } catch (IOException e) {
                out.println("error: " + e.getMessage());
            }
        }
    }

    private void printHelp() {
        out.println("""
                Commands:
                  list              show the files on the server, numbered
                  get <name|number> download a file (resumes an interrupted one)
                  put <local file>  upload a file
                  stat <name>       size and SHA-256 on the server
                  quit              leave""");
    }

    private String fromListing(String nameOrNumber) {
        if (nameOrNumber.matches("\\d{1,9}")) {
            int index = Integer.parseInt(nameOrNumber) - 1;
            if (index >= 0 && index < lastListing.size()) {
                return lastListing.get(index).name();
            }
        }
        return nameOrNumber;
    }

    void list() throws IOException {
        lastListing = connection().list();
        if (lastListing.isEmpty()) {
            out.println("(no files)");
            return;
        }
        int number = 1;
        for (RemoteFile file : lastListing) {
            out.printf("%4d  %10s  %s%n", number++, ProgressBar.human(file.size()), file.name());
        }
    }

    void stat(String name) throws IOException {
        RemoteDigest digest = connection().stat(name);
        out.println(name + ": " + digest.size() + " bytes, sha256 " + digest.sha256());
    }

    /** Downloads into the chosen folder, resuming a .part, and verifies the SHA-256 before the file appears. */
    void get(String name) throws IOException {
        Path target = folder.target(name);
        if (Files.exists(target) && !force) {
            throw new IOException(target + " already exists (use --force to replace it)");
        }
        Path part = folder.partOf(target);
        RemoteDigest remote = connection().stat(name);
        long offset = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (offset > remote.size()) {
            offset = 0;
        }
        MessageDigest digest = sha256();
        if (offset > 0) {
            hashPrefix(part, offset, digest);
            out.println("resuming " + name + " at byte " + offset);
        }
        Progress progress = quiet ? Progress.NONE : new ProgressBar(err, "get " + name, remote.size(), offset);
        try {
            connection().download(name, offset, part, digest, progress);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "; " + part.getFileName() + " is kept: get " + name + " again to resume", e);
        } finally {
            progress.finished();
        }
        String sha256 = FileConnection.hex(digest);
        if (!sha256.equals(remote.sha256())) {
            Files.deleteIfExists(part);
            throw new IOException("SHA-256 mismatch for " + name + ": server " + remote.sha256() + ", received " + sha256
                    + " (file changed meanwhile?); the partial file was deleted, get it again");
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.println("saved " + target + " (" + remote.size() + " bytes, sha256 " + sha256 + " verified)");
    }

    /** Uploads and compares the server's SHA-256 with the one computed while sending. */
    void put(Path file, String remoteName) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is not a readable file");
        }
        String name = remoteName != null ? remoteName : file.getFileName().toString();
        long size = Files.size(file);
        MessageDigest digest = sha256();
        Progress progress = quiet ? Progress.NONE : new ProgressBar(err, "put " + name, size, 0);
        RemoteDigest stored;
        try {
            stored = connection().upload(name, file, digest, progress);
        } finally {
            progress.finished();
        }
        String sha256 = FileConnection.hex(digest);
        if (stored.size() != size || !stored.sha256().equals(sha256)) {
            throw new IOException("the server stored %d bytes with sha256 %s, but %s has %d bytes with sha256 %s"
                    .formatted(stored.size(), stored.sha256(), file, size, sha256));
        }
        out.println("uploaded " + name + " (" + size + " bytes, sha256 " + sha256 + " verified)");
    }

    private FileConnection connection() throws IOException {
        if (connection == null || !connection.isUsable()) {
            disconnect();
            connection = FileConnection.open(host, port);
        }
        return connection;
    }

    private void disconnect() {
        if (connection != null) {
            connection.quit();
            try {
                connection.close();
            } catch (IOException e) {
                // closing anyway
            }
            connection = null;
        }
    }

    private static void hashPrefix(Path file, long length, MessageDigest digest) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            long remaining = length;
            while (remaining > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                digest.update(buffer.flip());
                remaining -= n;
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
