package dev.netservices.common.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * Holds HotSpot's C2 compiler thread at nice 19 from the start until the service is ready, where its priority can be
 * given back (docs/containers.md, "Start-up").
 *
 * <p>On one core the start is three threads sharing it: the main thread, C1 and C2, and C2 took nearly as much of it as
 * the main thread, compiling mostly code only the start runs. At nice 19 C2 gets only what the others leave; C1 keeps
 * its share (the tiered policy compiles at tier 2 while C2's queue is long); at ready C2 gets its priority back and
 * catches up. Nothing is marked for the service's life.
 *
 * <pre>
 *   starting ──probe: can a nice 19 be undone?──▶ no:  C2 left alone (logged once)
 *                         │ yes
 *                         ▼
 *               C2 threads at nice 19 ──ready, failed, or the timeout──▶ C2 threads back at their nice
 * </pre>
 *
 * <p>Taking a nice value back down takes RLIMIT_NICE of at least 20 minus the value, or CAP_SYS_NICE (the kernel's
 * {@code can_nice}); the images' user has neither, but the images' {@code renice} carries CAP_SYS_NICE as a file
 * capability, which takes effect where the container is given it (compose's {@code cap_add: [SYS_NICE]}; also
 * {@code --ulimit nice=20:20} where the engine may set it). So the start first checks, on a child process with the same user, limits and
 * capabilities, that it can take its own nice from one above C2's back to C2's (the kernel's rule for that is the one
 * for 19 back to C2's), and holds C2 back only then: C2 at 19 for the service's whole life would cost its serving far
 * more than the start saves. It needs {@code sh} and util-linux's {@code renice}, as the images have; where either is
 * absent the start goes on as if this were not there.
 */
public final class CompilerStartPriority implements ApplicationListener<SpringApplicationEvent> {

    /** How long C2 is held back at most when neither ready nor failed comes (a start that hangs). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    /** HotSpot's C2 threads' name ("C2 CompilerThread0"...), as the kernel keeps it: 15 bytes. */
    static final String C2_THREAD_NAME = "C2 CompilerThre";

    private static final String C1_THREAD_NAME = "C1 CompilerThre";

    static final int HELD_BACK = 19;

    private static final Log log = LogFactory.getLog(CompilerStartPriority.class);

    private final List<String> commandPrefix;
    private final Duration timeout;
    private final Path tasks;
    private final CountDownLatch ready = new CountDownLatch(1);
    // Logged once the environment is prepared: until then Spring Boot's logging system drops every event.
    private volatile String outcome;

    /** Holds C2 back for at most {@link #DEFAULT_TIMEOUT}. */
    public CompilerStartPriority() {
        this(List.of(), DEFAULT_TIMEOUT);
    }

    /**
     * @param commandPrefix what runs {@code sh} and {@code renice} (e.g. a {@code setpriv} that drops capabilities);
     *     empty: they run as this process does
     */
    CompilerStartPriority(List<String> commandPrefix, Duration timeout) {
        this.commandPrefix = List.copyOf(commandPrefix);
        this.timeout = timeout;
        this.tasks = Path.of("/proc/self/task");
    }

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationStartingEvent) {
            outcome = holdBack();
        } else if (event instanceof ApplicationEnvironmentPreparedEvent && outcome != null) {
            log.info(outcome);
            outcome = null;
        } else if (event instanceof ApplicationReadyEvent || event instanceof ApplicationFailedEvent) {
            ready.countDown();
        }
    }

    /** Holds C2 back if its nice can be given back; says what it did (null: nothing to say). */
    private String holdBack() {
        List<String> c2 = threadsNamed(C2_THREAD_NAME);
        OptionalInt nice = c2.isEmpty() ? OptionalInt.empty() : nice(c2.getFirst());
        if (nice.isEmpty() || nice.getAsInt() >= HELD_BACK) {
            return null; // no C2 (C1 only, the interpreter only, not HotSpot on Linux), or nothing to hold back
        }
        int normal = nice.getAsInt();
        // One child process: the check first, by the kernel's own rule (taking a nice value back from 19 to C2's is
        // allowed exactly when taking it back from one above C2's is), on itself; then C2 held back.
        String script = "command -v renice >/dev/null || exit 4; "
                + "renice -n " + (normal + 1) + " -p $$ && renice -n " + normal + " -p $$ || exit 3; "
                + "exec renice -n " + HELD_BACK + " -p " + String.join(" ", c2);
        int status = run("sh", "-c", script);
        if (status == 3) {
            return "C2 compiler left at its priority during the start: a nice of " + HELD_BACK
                    + " could not be undone here (RLIMIT_NICE below " + (20 - normal)
                    + " and no CAP_SYS_NICE: the images' renice has it where the container is given it, compose's cap_add SYS_NICE"
                    + " or docker run --cap-add SYS_NICE; or --ulimit nice=20:20)";
        }
        if (status != 0 || c2.stream().anyMatch(task -> nice(task).orElse(HELD_BACK) != HELD_BACK)) {
            // No sh or no renice (nothing changed: 4 or -1), or a part of it done: whatever is not C2's own is undone.
            if (c2.stream().anyMatch(task -> nice(task).orElse(normal) != normal)) {
                restore(normal);
            }
            return "C2 compiler left at its priority during the start: renice answered " + status;
        }
        Thread.ofPlatform().daemon().name("c2-start-priority").start(() -> restoreWhenReady(normal));
        return "C2 compiler held at nice " + HELD_BACK + " until the service is ready (at most " + timeout + ")";
    }

    private void restoreWhenReady(int normal) {
        try {
            if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("C2 compiler given its priority back after " + timeout + " without the service ready");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        restore(normal);
    }

    /**
     * Every compiler thread there is now at another nice than C2's own: C2 threads made meanwhile and, where the JVM
     * adds compiler threads as their queues grow (more than one core), C1 threads a held-back C2 thread made.
     */
    private void restore(int normal) {
        List<String> held = Stream.concat(threadsNamed(C2_THREAD_NAME).stream(), threadsNamed(C1_THREAD_NAME).stream())
                .filter(task -> nice(task).orElse(normal) != normal)
                .toList();
        if (held.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(normal), "-p"));
        command.addAll(held);
        int status = run(command.toArray(String[]::new));
        if (status != 0) {
            log.warn("Compiler thread(s) " + held + " could not be given back nice " + normal + ": renice answered "
                    + status);
        }
    }

    private int run(String... command) {
        List<String> line = new ArrayList<>(commandPrefix);
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor();
        } catch (IOException e) {
            return -1; // no sh or no renice: nothing was changed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The ids of this process's C2 compiler threads (none where /proc is not Linux's). */
    List<String> c2Threads() {
        return threadsNamed(C2_THREAD_NAME);
    }

    private List<String> threadsNamed(String name) {
        try (Stream<Path> list = Files.list(tasks)) {
            return list.filter(task -> name.equals(read(task.resolve("comm"))))
                    .map(task -> task.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // no /proc (not Linux): nothing held back, and a start never fails for it
        }
    }

    /** The nice value of one of this process's threads (stat's 19th field), empty once it has ended. */
    OptionalInt nice(String task) {
        String stat = read(tasks.resolve(task).resolve("stat"));
        if (stat == null) {
            return OptionalInt.empty();
        }
        // After the name in parentheses (which may hold spaces): state is the 3rd field, nice the 19th.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return OptionalInt.of(Integer.parseInt(fields[19 - 3]));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return null; // the thread ended meanwhile
        }
    }
}
