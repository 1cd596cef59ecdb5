package dev.netservices.client.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;

import dev.netservices.client.files.MirrorSessions.Job;
import dev.netservices.client.terminal.ServerText;

/**
 * {@code mirror} (server to here) and {@code mirror -R} (here to the server), lftp's names: a folder tree copied so
 * that only what differs moves, judged by size and then by SHA-256 (the server's {@code STAT} against the local
 * file's), with {@code --parallel N} sessions each doing whole files, and {@code --delete} removing what the source
 * lacks. Every file is verified as any get or put is; a file that fails is counted and the others go on.
 */
final class TreeMirror {

    /** Files a session sends (or asks for) before it reads their replies: up, the server's default {@code files.max-pipelined-uploads}. */
    static final int PIPELINED = 8;

    /** What a mirror did; {@link #failed()} above 0 makes the command's status 1. */
    record Summary(int copied, int unchanged, int deleted, int failed, long bytes, long millis) {
        @Override
        public String toString() {
            return "mirror: %d copied (%s), %d unchanged, %d deleted, %d failed, in %.1fs".formatted(copied, ProgressBar.human(bytes),
                    unchanged, deleted, failed, millis / 1000.0);
        }
    }

    private final FileClientSession session;
    private final int parallel;
    private final boolean delete;
    private final AtomicInteger copied = new AtomicInteger();
    private final AtomicInteger unchanged = new AtomicInteger();
    private final AtomicInteger deleted = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final MirrorLines lines;
    /** The folders this mirror was refused (relative paths): nothing below them is sent. */
    private final Set<String> unmade = ConcurrentHashMap.newKeySet();

    TreeMirror(FileClientSession session, int parallel, boolean delete) {
        this.session = session;
        this.parallel = parallel;
        this.delete = delete;
        this.lines = MirrorLines.to(session.out());
    }

    /** {@code mirror -R LOCAL REMOTE}. */
    Summary upload(Path local, String remote) throws IOException {
        try {
            return up(local, remote);
        } finally {
            lines.flush();
        }
    }

    /** {@code mirror REMOTE LOCAL}. */
    Summary download(String remote, Path local) throws IOException {
        try {
            // normalized like every target below it, which must start with it: `./restored` or `a/../b` as given
            return down(remote, local.toAbsolutePath().normalize());
        } finally {
            lines.flush();
        }
    }

    private Summary up(Path local, String remote) throws IOException {
        long start = System.nanoTime();
        if (!Files.isDirectory(local)) {
            throw new IOException(local + " is not a folder");
        }
        FileConnection connection = session.connection();
        RemoteTree.makeFolders(connection, remote, null);
        Map<String, Long> there = RemoteTree.walk(connection, remote);
        List<String> misnamed = new ArrayList<>();
        Map<String, LocalEntry> here = localTree(local, new HashSet<>(), misnamed);
        for (String path : misnamed) {
            failed(path, new IOException("not sent: its name is not valid in this system's file-name encoding ("
                    + System.getProperty("sun.jnu.encoding") + "), so it could only be sent under another name; rename it"));
        }
        // a folder is made where the server has none (also where it has a file of that name: it refuses, and says why)
        Set<String> missing = new HashSet<>();
        here.forEach((path, entry) -> {
            if (entry.folder() && !Objects.equals(there.get(path), RemoteFile.FOLDER)) {
                missing.add(path);
            }
        });
        UploadPlan plan = UploadPlan.of(here, missing, parallel);
        ReadyUnits ready = new ReadyUnits(plan.units());
        try (MirrorSessions sessions = sessions()) {
            for (List<String> level : plan.shared()) {
                sessions.run(level.stream().map(path -> folderJob(path, remote, folder -> { })).toList());
            }
            // one session makes the units' folders, then takes units like the others (ReadyUnits)
            Job takeUnits = new Job("", worker -> {
                for (UploadPlan.Unit unit = ready.next(); unit != null; unit = ready.next()) {
                    for (String path : unit.files()) {
                        try {
                            fileJob(path, RemotePaths.join(remote, path), here.get(path), there.get(path)).work().run(worker);
                        } catch (IOException e) {
                            failed(path, e);
                        }
                    }
                }
            });
            List<Job> folderSession = new ArrayList<>();
            ready.folderOrder().forEach(path -> folderSession.add(folderJob(path, remote, ready::answered)));
            folderSession.add(new Job("", FileClientSession::settle));
            folderSession.add(takeUnits);
            List<List<Job>> lanes = new ArrayList<>();
            lanes.add(folderSession);
            for (int i = 1; i < Math.min(parallel, 1 + plan.units().size()); i++) {
                lanes.add(List.of(takeUnits));
            }
            sessions.runLanes(lanes);
        }
        if (delete) {
            List<String> gone = there.keySet().stream().filter(path -> !here.containsKey(path)).sorted(Comparator.reverseOrder()).toList();
            for (String path : gone) {
                try {
                    String target = RemotePaths.join(remote, path);
                    lines.println(there.get(path) == RemoteFile.FOLDER ? connection.removeFolder(target) : connection.delete(target));
                    deleted.incrementAndGet();
                } catch (IOException e) {
                    failed(path, e);
                }
            }
        }
        return summary(start);
    }

    private Summary down(String remote, Path local) throws IOException {
        long start = System.nanoTime();
        FileConnection connection = session.connection();
        Map<String, Long> there = RemoteTree.walk(connection, remote);
        Files.createDirectories(local);
        Set<String> parts = new HashSet<>();
        Map<String, LocalEntry> here = localTree(local, parts, new ArrayList<>());
        // one checked download folder per local folder, not one per file, sharing the top's file store on its device
        DownloadFolder top = new DownloadFolder(local);
        Map<Path, DownloadFolder> into = new ConcurrentHashMap<>();
        List<Job> jobs = new ArrayList<>();
        for (Map.Entry<String, Long> entry : there.entrySet()) {
            String path = entry.getKey();
            Path target = local.resolve(path).normalize();
            if (!target.startsWith(local)) {
                failed(path, new IOException("it leads outside " + local));
                continue;
            }
            if (entry.getValue() == RemoteFile.FOLDER) {
                into.put(target, new DownloadFolder(target, top));
                continue;
            }
            String source = RemotePaths.join(remote, path);
            long size = entry.getValue();
            // what the walk did not see here is not asked of the disk again (a missing file costs an exception each time)
            boolean seen = here.containsKey(path);
            boolean partSeen = parts.contains(path + DownloadFolder.PART_SUFFIX);
            jobs.add(new Job(path, worker -> {
                boolean exists = seen && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS);
                if (exists && Files.size(target) == size && worker.connection().stat(source).sha256().equals(sha256(target))) {
                    unchanged.incrementAndGet();
                    return;
                }
                DownloadFolder folder = into.get(target.getParent());
                if (folder == null) {
                    folder = new DownloadFolder(target.getParent(), top);
                }
                Path checked = folder.target(RemotePaths.localName(source));
                Path part = folder.partOf(checked);
                if (!seen && !(partSeen && Files.exists(part, LinkOption.NOFOLLOW_LINKS)) && size <= folder.freeSpace()) {
                    // a new file: asked for before the bodies before it are read, saved once its SHA-256 matches
                    worker.connection().pipelinedGets(PIPELINED).get(source, checked, part, new PipelinedGets.Outcome() {
                        @Override
                        public void saved(long saved, String sha256) {
                            lines.println("saved " + ServerText.shown(checked.toString()) + " (" + saved + " bytes, sha256 " + sha256
                                    + " verified)");
                            copied.incrementAndGet();
                            bytes.addAndGet(saved);
                        }

                        @Override
                        public void failed(IOException e) {
                            TreeMirror.this.failed(path, e);
                        }
                    });
                    return;
                }
                // it prints its own lines (resuming, saved): the mirror's go first
                lines.flush();
                worker.transfers().get(source, folder, true);
                copied.incrementAndGet();
                bytes.addAndGet(size);
            }));
        }
        try (MirrorSessions sessions = sessions()) {
            sessions.run(jobs);
        }
        if (delete) {
            List<String> gone = here.keySet().stream().filter(path -> !there.containsKey(path)).sorted(Comparator.reverseOrder()).toList();
            for (String path : gone) {
                try {
                    Files.delete(here.get(path).path());
                    lines.println("deleted " + local.resolve(path));
                    deleted.incrementAndGet();
                } catch (IOException e) {
                    failed(path, e);
                }
            }
        }
        return summary(start);
    }

    /**
     * {@code MKDIR} of {@code path} under {@code remote}, sent without waiting; {@code answered} is told once its reply is
     * read, or once it is known that none will come. Refused, the folder is remembered, and nothing below it is sent
     * ({@link #notMade}).
     */
    private Job folderJob(String path, String remote, Consumer<String> answered) {
        return new Job(path, worker -> {
            try {
                if (notMade(path)) {
                    answered.accept(path);
                    return;
                }
                worker.connection().pipelinedPuts(PIPELINED).makeFolder(RemotePaths.join(remote, path), new PipelinedPuts.Outcome() {
                    @Override
                    public void stored(long size, String sha256) {
                        // made, and its name on the server's disk
                        answered.accept(path);
                    }

                    @Override
                    public void failed(IOException e) {
                        unmade.add(path);
                        TreeMirror.this.failed(path, e);
                        answered.accept(path);
                    }
                });
            } catch (IOException e) {
                // no connection to send it on: the files below must not wait for it
                unmade.add(path);
                failed(path, e);
                answered.accept(path);
            }
        });
    }

    /** One file up: unchanged (same size and SHA-256), new and small (pipelined), or any other (answered before its body). */
    private Job fileJob(String path, String target, LocalEntry entry, Long size) {
        Path file = entry.path();
        long length = entry.size();
        return new Job(path, worker -> {
            if (notMade(path)) {
                return;
            }
            if (size != null && size == length && worker.connection().stat(target).sha256().equals(sha256(file))) {
                unchanged.incrementAndGet();
                return;
            }
            if (size == null && length <= PipelinedPuts.MAX_BYTES && PipelinedPuts.framesAsClassic(target)) {
                // a new small file: sent without waiting for the replies before it, answered once on the server's disk
                worker.connection().pipelinedPuts(PIPELINED).put(file, target, new PipelinedPuts.Outcome() {
                    @Override
                    public void stored(long stored, String sha256) {
                        lines.println("uploaded " + target + " (" + stored + " bytes, sha256 " + sha256 + " verified)");
                        copied.incrementAndGet();
                        bytes.addAndGet(stored);
                    }

                    @Override
                    public void failed(IOException e) {
                        TreeMirror.this.failed(path, e);
                    }
                });
                return;
            }
            lines.flush();
            worker.transfers().put(file, target, size != null, false);
            copied.incrementAndGet();
            bytes.addAndGet(length);
        });
    }

    /**
     * Whether a folder above {@code path} was refused: then {@code path} is counted failed and not sent (one sent before
     * the refusal was read fails on the server, and is reported the same way).
     */
    private boolean notMade(String path) {
        String folder = unmadeAbove(path);
        if (folder == null) {
            return false;
        }
        failed(path, new IOException("not sent: its folder " + ServerText.shown(folder) + " was not made"));
        return true;
    }

    /** The nearest folder above {@code path} this mirror failed to make, or null. */
    private String unmadeAbove(String path) {
        if (unmade.isEmpty()) {
            return null;
        }
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            String folder = path.substring(0, slash);
            if (unmade.contains(folder)) {
                return folder;
            }
        }
        return null;
    }

    /** {@code --parallel} sessions, the command's own first; the others are opened for this mirror and closed after it. */
    private MirrorSessions sessions() {
        return new MirrorSessions(session, parallel, this::failed);
    }

    private void failed(String path, IOException e) {
        failed.incrementAndGet();
        String folder = unmadeAbove(path);
        // below a refused folder the server's own answer (no such folder) says less than the cause
        String reason = folder == null || e.getMessage().startsWith("not sent: ") ? e.getMessage()
                : "its folder " + ServerText.shown(folder) + " was not made (the server said: " + e.getMessage() + ")";
        lines.error("error: " + (path.isEmpty() ? "" : ServerText.shown(path) + ": ") + reason);
    }

    private Summary summary(long start) {
        return new Summary(copied.get(), unchanged.get(), deleted.get(), failed.get(), bytes.get(), (System.nanoTime() - start) / 1_000_000);
    }

    /** A file or folder of the local tree, with what the walk read of it (one {@code lstat} each). */
    record LocalEntry(Path path, boolean folder, long size) {
    }

    /**
     * Files and folders under {@code top} by relative path with {@code /}; hidden entries and links left out, partial
     * downloads ({@code .part}) only added to {@code parts}, and entries whose name this JVM cannot read back (bytes
     * that are not valid in its file-name encoding: the name it shows has U+FFFD in their place) only added to
     * {@code misnamed}, as shown, with all they hold. One walk that reads each entry's attributes once: the mirror asks
     * nothing of the local disk again before it reads a file.
     */
    static Map<String, LocalEntry> localTree(Path top, Set<String> parts, List<String> misnamed) throws IOException {
        Map<String, LocalEntry> found = new TreeMap<>();
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (dir.equals(top)) {
                    return FileVisitResult.CONTINUE;
                }
                // a hidden folder, or one named like a partial download, is left out with all it holds
                return add(dir, attributes) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                add(file, attributes);
                return FileVisitResult.CONTINUE;
            }

            private boolean add(Path path, BasicFileAttributes attributes) {
                String segment = path.getFileName().toString();
                if (segment.startsWith(".")) {
                    return false;
                }
                String name = top.relativize(path).toString().replace(java.io.File.separatorChar, '/');
                if (!path.getFileName().equals(path.getFileSystem().getPath(segment))) {
                    // uploaded, it was named with U+FFFD in place of the bytes (and could never be downloaded back)
                    misnamed.add(name);
                    return false;
                }
                if (segment.endsWith(DownloadFolder.PART_SUFFIX)) {
                    parts.add(name);
                    return false;
                }
                if (!attributes.isSymbolicLink()) {
                    found.put(name, new LocalEntry(path, attributes.isDirectory(), attributes.size()));
                }
                return true;
            }
        });
        return found;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = Sha256.digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
