package dev.netservices.client.files;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How {@code mirror -R} cuts a tree into units for its sessions: a unit is a subtree (its missing folders, parents
 * first, then its files) or some files of one folder. The units are small enough that the sessions, each taking the next
 * unit when done with its last, end together (about {@link #UNITS_PER_SESSION} each); a subtree too large is split into
 * its child subtrees and its own files, and its folder is then made before any unit starts ({@link #shared()}).
 * Largest first, so that a large file does not start last. A unit weighs its files' bytes plus {@link #ENTRY_WEIGHT}
 * for each file and folder, what a round trip and a force cost in time.
 */
final class UploadPlan {

    /** Each file and folder weighs this many bytes more than its size: a tree of small files is spread too. */
    static final long ENTRY_WEIGHT = 64 << 10;

    /** Units per session, about: enough that the last ones even out the sessions' ends. */
    static final int UNITS_PER_SESSION = 8;

    /** What one session sends in one go: {@code folders} to make (parents first), then {@code files}. */
    record Unit(List<String> folders, List<String> files, long weight) {
    }

    private final List<List<String>> shared;
    private final List<Unit> units;

    private UploadPlan(List<List<String>> shared, List<Unit> units) {
        this.shared = shared;
        this.units = units;
    }

    /** The folders to make before any unit starts, a level at a time (each level's parents are in the one before). */
    List<List<String>> shared() {
        return shared;
    }

    /** The units, heaviest first. */
    List<Unit> units() {
        return units;
    }

    /**
     * Plans the upload of {@code here} (relative paths, {@code /}-separated) for {@code parallel} sessions; {@code missing}
     * are the folders the server lacks, the only ones made.
     */
    static UploadPlan of(Map<String, TreeMirror.LocalEntry> here, Set<String> missing, int parallel) {
        Map<String, Folder> folders = new TreeMap<>();
        Folder top = new Folder("");
        folders.put("", top);
        for (Map.Entry<String, TreeMirror.LocalEntry> entry : here.entrySet()) {
            if (entry.getValue().folder()) {
                folders.put(entry.getKey(), new Folder(entry.getKey()));
            }
        }
        // the map is sorted, so a parent is always met before what it holds
        for (Map.Entry<String, TreeMirror.LocalEntry> entry : here.entrySet()) {
            String path = entry.getKey();
            Folder parent = folders.get(parentOf(path));
            if (entry.getValue().folder()) {
                parent.folders.add(folders.get(path));
            } else {
                parent.files.add(path);
                parent.sizes.add(entry.getValue().size());
            }
        }
        top.weigh(missing);

        long most = Math.max(1, top.weight / ((long) Math.max(1, parallel) * UNITS_PER_SESSION));
        Map<Integer, List<String>> sharedByDepth = new TreeMap<>();
        List<Unit> units = new ArrayList<>();
        ArrayDeque<Part> parts = new ArrayDeque<>(top.split());
        while (!parts.isEmpty()) {
            Part part = parts.poll();
            if (part.weight() > most && part.splittable()) {
                if (part.folder() != null && missing.contains(part.folder().path)) {
                    sharedByDepth.computeIfAbsent(depth(part.folder().path), d -> new ArrayList<>()).add(part.folder().path);
                }
                part.split().forEach(parts::push);
                continue;
            }
            units.add(part.unit(missing));
        }
        units.sort(Comparator.comparingLong(Unit::weight).reversed());
        List<List<String>> shared = new ArrayList<>();
        sharedByDepth.values().forEach(level -> shared.add(level.stream().sorted().toList()));
        return new UploadPlan(List.copyOf(shared), List.copyOf(units));
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static int depth(String path) {
        return path.split("/").length;
    }

    /** A local folder: its subfolders, its own files with their sizes, and the weight of all below it. */
    private static final class Folder {
        final String path;
        final List<Folder> folders = new ArrayList<>();
        final List<String> files = new ArrayList<>();
        final List<Long> sizes = new ArrayList<>();
        long weight;

        Folder(String path) {
            this.path = path;
        }

        long weigh(Set<String> missing) {
            weight = missing.contains(path) ? ENTRY_WEIGHT : 0;
            for (long size : sizes) {
                weight += size + ENTRY_WEIGHT;
            }
            for (Folder folder : folders) {
                weight += folder.weigh(missing);
            }
            return weight;
        }

        /** What is left of this folder once it is made elsewhere: each subfolder's subtree, and its own files. */
        List<Part> split() {
            List<Part> parts = new ArrayList<>();
            for (Folder folder : folders) {
                parts.add(new Part(folder, List.of(), folder.weight));
            }
            if (!files.isEmpty()) {
                parts.add(new Part(null, indexes(0, files.size(), this), fileWeight(0, files.size())));
            }
            return parts;
        }

        long fileWeight(int from, int to) {
            long sum = 0;
            for (int i = from; i < to; i++) {
                sum += sizes.get(i) + ENTRY_WEIGHT;
            }
            return sum;
        }

        private static List<FileRef> indexes(int from, int to, Folder folder) {
            List<FileRef> refs = new ArrayList<>();
            for (int i = from; i < to; i++) {
                refs.add(new FileRef(folder, i));
            }
            return refs;
        }
    }

    /** One file of a folder, by its index there. */
    private record FileRef(Folder folder, int index) {
        String path() {
            return folder.files.get(index);
        }

        long weight() {
            return folder.sizes.get(index) + ENTRY_WEIGHT;
        }
    }

    /** A candidate unit: a whole subtree ({@code folder}), or some files of a folder made elsewhere ({@code folder} null). */
    private record Part(Folder folder, List<FileRef> files, long weight) {

        boolean splittable() {
            return folder != null ? !folder.folders.isEmpty() || !folder.files.isEmpty() : files.size() > 1;
        }

        List<Part> split() {
            if (folder != null) {
                return folder.split();
            }
            // two halves by weight, in path order
            long half = weight / 2;
            long sum = 0;
            int cut = 0;
            while (cut < files.size() - 1 && sum + files.get(cut).weight() <= half) {
                sum += files.get(cut).weight();
                cut++;
            }
            cut = Math.max(1, cut);
            List<FileRef> first = files.subList(0, cut);
            List<FileRef> second = files.subList(cut, files.size());
            return List.of(new Part(null, List.copyOf(first), first.stream().mapToLong(FileRef::weight).sum()),
                    new Part(null, List.copyOf(second), second.stream().mapToLong(FileRef::weight).sum()));
        }

        Unit unit(Set<String> missing) {
            if (folder == null) {
                return new Unit(List.of(), files.stream().map(FileRef::path).toList(), weight);
            }
            // level order: a level's folders overlap on the server; each waits only for the level above
            List<String> made = new ArrayList<>();
            List<String> sent = new ArrayList<>();
            List<Folder> level = List.of(folder);
            while (!level.isEmpty()) {
                List<Folder> next = new ArrayList<>();
                for (Folder f : level) {
                    if (missing.contains(f.path)) {
                        made.add(f.path);
                    }
                    next.addAll(f.folders);
                }
                level = next;
            }
            collectFiles(folder, sent);
            return new Unit(List.copyOf(made), List.copyOf(sent), weight);
        }

        private static void collectFiles(Folder folder, List<String> into) {
            into.addAll(folder.files);
            for (Folder sub : folder.folders) {
                collectFiles(sub, into);
            }
        }
    }
}
