package dev.netservices.client.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * {@code mirror -R}'s plan: every file and missing folder exactly once, each folder made before anything below it in
 * its unit (or before any unit, when it is shared), units small enough to even out the sessions, heaviest first; and the
 * order the folder-making session sends them in puts each after the folder above it.
 */
class UploadPlanTest {

    private final Map<String, TreeMirror.LocalEntry> here = new TreeMap<>();

    private void folder(String path) {
        here.put(path, new TreeMirror.LocalEntry(Path.of(path), true, 4096));
    }

    private void file(String path, long size) {
        here.put(path, new TreeMirror.LocalEntry(Path.of(path), false, size));
    }

    private Set<String> allFolders() {
        Set<String> folders = new HashSet<>();
        here.forEach((path, entry) -> {
            if (entry.folder()) {
                folders.add(path);
            }
        });
        return folders;
    }

    @Test
    void aTreeOfTenTopFoldersIsSharedEvenlyAndEachFolderComesBeforeWhatItHolds() {
        // the benchmark's shape: 10 x 10 x 4 folders, 5 files in each of the 400 below, sizes uneven
        for (int i = 0; i < 2000; i++) {
            String leaf = "a" + i % 10 + "/b" + i / 10 % 10 + "/c" + i / 100 % 4;
            folder(leaf.substring(0, leaf.indexOf('/')));
            folder(leaf.substring(0, leaf.lastIndexOf('/')));
            folder(leaf);
            file(leaf + "/f" + i + ".bin", 1024 + (i * 7919L) % (1 << 20));
        }
        Set<String> missing = allFolders();
        UploadPlan plan = UploadPlan.of(here, missing, 4);

        assertWellOrdered(plan, missing);
        // the ten top folders are shared; each of their hundred subtrees is a unit with its five folders
        assertThat(plan.shared()).containsExactly(List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"));
        assertThat(plan.units()).hasSize(100).allSatisfy(unit -> assertThat(unit.folders()).hasSize(5));
        assertThat(plan.units()).isSortedAccordingTo(java.util.Comparator.comparingLong(UploadPlan.Unit::weight).reversed());
        List<String> order = new ReadyUnits(plan.units()).folderOrder();
        assertThat(order).hasSize(500);
        for (String folder : order) {
            String parent = folder.substring(0, folder.lastIndexOf('/'));
            assertThat(parent.indexOf('/') < 0 || order.indexOf(parent) < order.indexOf(folder)).as(folder).isTrue();
        }
    }

    @Test
    void aFlatFolderIsSplitIntoRunsOfFilesAndNeedsNoFolder() {
        for (int i = 0; i < 40; i++) {
            file("file-" + i + ".txt", i + 1);
        }
        UploadPlan plan = UploadPlan.of(here, Set.of(), 2);
        assertThat(plan.units()).hasSizeGreaterThanOrEqualTo(2 * UploadPlan.UNITS_PER_SESSION / 2);
        assertThat(plan.shared()).isEmpty();
        assertWellOrdered(plan, Set.of());
    }

    @Test
    void threeFoldersForFourSessionsAreMadeFirstAndTheirFilesShared() {
        for (int i = 0; i < 24; i++) {
            folder("f" + i % 3);
            file("f" + i % 3 + "/file-" + i + ".txt", 7);
        }
        UploadPlan plan = UploadPlan.of(here, allFolders(), 4);
        assertThat(plan.units()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(plan.shared()).containsExactly(List.of("f0", "f1", "f2"));
        assertWellOrdered(plan, allFolders());
    }

    @Test
    void foldersThatExistAreNotMadeAndEmptyOnesAre() {
        folder("kept");
        file("kept/a.txt", 10);
        folder("new");
        folder("new/empty");
        UploadPlan plan = UploadPlan.of(here, Set.of("new", "new/empty"), 1);
        List<String> folders = new ArrayList<>();
        plan.shared().forEach(folders::addAll);
        plan.units().forEach(unit -> folders.addAll(unit.folders()));
        assertThat(folders).containsExactlyInAnyOrder("new", "new/empty");
        assertWellOrdered(plan, Set.of("new", "new/empty"));
    }

    /** Every file once; every missing folder once, before anything below it in its unit, or shared and then in no unit. */
    private void assertWellOrdered(UploadPlan plan, Set<String> missing) {
        List<String> files = new ArrayList<>();
        List<String> made = new ArrayList<>();
        Set<String> shared = new HashSet<>();
        for (List<String> level : plan.shared()) {
            for (String folder : level) {
                assertThat(shared.containsAll(missingAbove(folder, missing))).as(folder).isTrue();
            }
            shared.addAll(level);
            made.addAll(level);
        }
        for (UploadPlan.Unit unit : plan.units()) {
            Set<String> madeHere = new HashSet<>(shared);
            for (String folder : unit.folders()) {
                assertThat(madeHere.containsAll(missingAbove(folder, missing))).as("the folders above %s", folder).isTrue();
                madeHere.add(folder);
                made.add(folder);
            }
            for (String file : unit.files()) {
                assertThat(madeHere.containsAll(missingAbove(file, missing))).as("the folders above %s", file).isTrue();
                files.add(file);
            }
        }
        assertThat(made).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(missing);
        List<String> expected = here.entrySet().stream().filter(entry -> !entry.getValue().folder()).map(Map.Entry::getKey).toList();
        assertThat(files).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    private static List<String> missingAbove(String path, Set<String> missing) {
        List<String> above = new ArrayList<>();
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            String folder = path.substring(0, slash);
            if (missing.contains(folder)) {
                above.add(folder);
            }
        }
        return above;
    }
}
