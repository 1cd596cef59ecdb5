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
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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

    TreeMirror(FileClientSession session, int parallel, boolean delete) {
        this.session = session;
        this.parallel = parallel;
        this.delete = delete;
    }

    /** {@code mirror -R LOCAL REMOTE}. */
    Summary upload(Path local, String remote) throws IOException {
        long start = System.nanoTime();
        if (!Files.isDirectory(local)) {
            throw new IOException(local + " is not a folder");
        }
        FileConnection connection = session.connection();
        RemoteTree.makeFolders(connection, remote, null);
        Map<String, Long> there = RemoteTree.walk(connection, remote);
        Map<String, LocalEntry> here = localTree(local, new HashSet<>());
        // the missing folders a level at a time over all the sessions (a level's parents are made by the one before), each
        // session's sent without waiting (every reply of a level is read before the next level starts)
        Map<Integer, List<Job>> folders = new TreeMap<>();
        List<Job> files = new ArrayList<>();
        for (Map.Entry<String, LocalEntry> entry : here.entrySet()) {
            String path = entry.getKey();
            String target = RemotePaths.join(remote, path);
            Path file = entry.getValue().path();
            if (entry.getValue().folder()) {
                if (!there.containsKey(path)) {
                    int depth = path.split("/").length;
                    folders.computeIfAbsent(depth, d -> new ArrayList<>()).add(new Job(path, worker -> worker.connection().pipelinedPuts(PIPELINED)
                            .makeFolder(target, new PipelinedPuts.Outcome() {
                                @Override
                                public void stored(long size, String sha256) {
                                    // made, and its name on the server's disk
                                }

                                @Override
                                public void failed(IOException e) {
                                    TreeMirror.this.failed(path, e);
                                }
                            })));
                }
                continue;
            }
            Long size = there.get(path);
            long length = entry.getValue().size();
            files.add(new Job(path, worker -> {
                if (size != null && size == length && worker.connection().stat(target).sha256().equals(sha256(file))) {
                    unchanged.incrementAndGet();
                    return;
                }
                if (size == null && length <= PipelinedPuts.MAX_BYTES) {
                    // a new small file: sent without waiting for the replies before it, answered once on the server's disk
                    worker.connection().pipelinedPuts(PIPELINED).put(file, target, new PipelinedPuts.Outcome() {
                        @Override
                        public void stored(long stored, String sha256) {
                            worker.out().println("uploaded " + target + " (" + stored + " bytes, sha256 " + sha256 + " verified)");
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
                worker.transfers().put(file, target, size != null, false);
                copied.incrementAndGet();
                bytes.addAndGet(length);
            }));
        }
        try (MirrorSessions sessions = sessions()) {
            for (List<Job> level : folders.values()) {
                sessions.run(level);
            }
            sessions.run(files);
        }
        if (delete) {
            List<String> gone = there.keySet().stream().filter(path -> !here.containsKey(path)).sorted(Comparator.reverseOrder()).toList();
            for (String path : gone) {
                try {
                    String target = RemotePaths.join(remote, path);
                    session.out().println(there.get(path) == RemoteFile.FOLDER ? connection.removeFolder(target) : connection.delete(target));
                    deleted.incrementAndGet();
                } catch (IOException e) {
                    failed(path, e);
                }
            }
        }
        return summary(start);
    }

    /** {@code mirror REMOTE LOCAL}. */
    Summary download(String remote, Path local) throws IOException {
        long start = System.nanoTime();
        FileConnection connection = session.connection();
        Map<String, Long> there = RemoteTree.walk(connection, remote);
        Files.createDirectories(local);
        Set<String> parts = new HashSet<>();
        Map<String, LocalEntry> here = localTree(local, parts);
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
                            worker.out().println("saved " + ServerText.shown(checked.toString()) + " (" + saved + " bytes, sha256 " + sha256
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
                    session.out().println("deleted " + local.resolve(path));
                    deleted.incrementAndGet();
                } catch (IOException e) {
                    failed(path, e);
                }
            }
        }
        return summary(start);
    }

    /** {@code --parallel} sessions, the command's own first; the others are opened for this mirror and closed after it. */
    private MirrorSessions sessions() {
        return new MirrorSessions(session, parallel, this::failed);
    }

    private void failed(String path, IOException e) {
        failed.incrementAndGet();
        session.out().println("error: " + (path.isEmpty() ? "" : ServerText.shown(path) + ": ") + e.getMessage());
    }

    private Summary summary(long start) {
        return new Summary(copied.get(), unchanged.get(), deleted.get(), failed.get(), bytes.get(), (System.nanoTime() - start) / 1_000_000);
    }

    /** A file or folder of the local tree, with what the walk read of it (one {@code lstat} each). */
    record LocalEntry(Path path, boolean folder, long size) {
    }

    /**
     * Files and folders under {@code top} by relative path with {@code /}; hidden entries and links left out, partial
     * downloads ({@code .part}) only added to {@code parts}. One walk that reads each entry's attributes once: the
     * mirror asks nothing of the local disk again before it reads a file.
     */
    static Map<String, LocalEntry> localTree(Path top, Set<String> parts) throws IOException {
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
