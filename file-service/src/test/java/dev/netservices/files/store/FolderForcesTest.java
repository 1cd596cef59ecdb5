package dev.netservices.files.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The group commit of folder forces: a caller is answered only by a force that began after its call, and shares it. */
class FolderForcesTest {

    @TempDir
    Path root;

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger forces = new AtomicInteger();
    private final CountDownLatch firstForceGate = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();

    /** Real fsyncs of the folder, recorded; the first one is held until the gate opens. */
    private final FolderForces folderForces = new FolderForces(folder -> {
        int number = forces.incrementAndGet();
        events.add("force " + number + " of " + folder.getFileName() + " begins");
        if (number == 1) {
            try {
                assertThat(firstForceGate.await(20, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
        DiskSync.FORCE.forceFolder(folder);
        events.add("force " + number + " of " + folder.getFileName() + " ends");
    });

    @AfterEach
    void openGateAndJoin() throws InterruptedException {
        firstForceGate.countDown();
        for (Thread thread : threads) {
            thread.join(20_000);
        }
    }

    private Thread caller(String name, Path folder) {
        Thread thread = Thread.ofPlatform().name(name).start(() -> {
            events.add(name + " calls");
            try {
                folderForces.force(folder);
                events.add(name + " returns");
            } catch (IOException e) {
                events.add(name + " fails: " + e.getMessage());
            }
        });
        threads.add(thread);
        return thread;
    }

    private static void awaitWaiting(Thread thread) {
        await().atMost(Duration.ofSeconds(20)).until(() -> thread.getState() == Thread.State.WAITING);
    }

    @Test
    void aCallerArrivingWhileAForceRunsIsAnsweredOnlyByTheNextForce() throws Exception {
        Path folder = Files.createDirectory(root.resolve("docs"));
        Thread first = caller("a", folder);
        await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("force 1 of docs begins"));
        Thread second = caller("b", folder);
        awaitWaiting(second);
        assertThat(events).doesNotContain("b returns");

        firstForceGate.countDown();
        first.join(20_000);
        second.join(20_000);

        assertThat(events).containsSubsequence("b calls", "force 1 of docs ends", "force 2 of docs begins", "force 2 of docs ends", "b returns");
        assertThat(events).containsSubsequence("force 1 of docs ends", "a returns");
    }

    @Test
    void callersWaitingDuringOneForceShareTheNextOne() throws Exception {
        Path folder = Files.createDirectory(root.resolve("photos"));
        caller("a", folder);
        await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("force 1 of photos begins"));
        List<Thread> waiting = List.of(caller("b", folder), caller("c", folder), caller("d", folder));
        waiting.forEach(FolderForcesTest::awaitWaiting);

        firstForceGate.countDown();
        for (Thread thread : threads) {
            thread.join(20_000);
        }

        assertThat(events).contains("a returns", "b returns", "c returns", "d returns");
        assertThat(forces).hasValue(2);
    }

    @Test
    void forcesOfDifferentFoldersRunSideBySide() throws Exception {
        Path held = Files.createDirectory(root.resolve("held"));
        Path other = Files.createDirectory(root.resolve("other"));
        caller("a", held);
        await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("force 1 of held begins"));

        caller("b", other).join(20_000);

        assertThat(events).contains("force 2 of other ends", "b returns").doesNotContain("a returns");
    }

    @Test
    void aFailedForceFailsItsCallersAndTheNextCallForcesAgain() throws Exception {
        Path folder = Files.createDirectory(root.resolve("gone"));
        firstForceGate.countDown();
        Files.delete(folder);

        assertThatThrownBy(() -> folderForces.force(folder)).isInstanceOf(IOException.class).hasMessageContaining("forcing the folder");
        Files.createDirectory(folder);
        folderForces.force(folder);

        assertThat(events).containsSubsequence("force 1 of gone begins", "force 2 of gone begins", "force 2 of gone ends");
    }
}
