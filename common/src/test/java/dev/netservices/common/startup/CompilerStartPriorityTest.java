package dev.netservices.common.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * This test JVM's own C2 threads, reniced by the real renice: held at 19 while a context starts, back at their nice
 * once it is ready, and left alone where the kernel would refuse to take them back.
 */
@ExtendWith(OutputCaptureExtension.class)
class CompilerStartPriorityTest {

    /** A child without capabilities and with RLIMIT_NICE 0: the images' user without --ulimit nice. */
    private static final List<String> UNPRIVILEGED =
            List.of("prlimit", "--nice=0:0", "setpriv", "--bounding-set", "-all", "--inh-caps", "-all", "--");

    private final CompilerStartPriority threads = new CompilerStartPriority();

    private int normal;

    @BeforeEach
    void c2IsThereAtItsNormalPriority() throws IOException, InterruptedException {
        List<String> c2 = threads.c2Threads();
        assertThat(c2).as("this JVM's C2 compiler threads").isNotEmpty();
        normal = threads.nice(c2.getFirst()).orElseThrow();
        assertThat(normal).isLessThan(CompilerStartPriority.HELD_BACK);
        // The build runs as root; a user without CAP_SYS_NICE or RLIMIT_NICE 20 cannot take a nice value back.
        Process check = new ProcessBuilder("sh", "-c", "renice -n " + (normal + 1) + " -p $$ && renice -n " + normal
                + " -p $$").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assumeTrue(check.waitFor() == 0, "this test needs the right to take a nice value back (CAP_SYS_NICE)");
    }

    @Test
    void holdsC2BackWhileTheContextStartsAndGivesItBackWhenReady(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start(new CompilerStartPriority())) {
            assertThat(context.getBean(C2Seen.class).nice).containsOnly(CompilerStartPriority.HELD_BACK);
            assertThat(output).contains("C2 compiler held at nice 19 until the service is ready");

            await().atMost(Duration.ofSeconds(10)).until(this::c2AtNormal);
        }
    }

    @Test
    void leavesC2AloneWhereItsNiceCouldNotBeTakenBack(CapturedOutput output) {
        try (ConfigurableApplicationContext context =
                start(new CompilerStartPriority(UNPRIVILEGED, CompilerStartPriority.DEFAULT_TIMEOUT))) {
            assertThat(context.getBean(C2Seen.class).nice).containsOnly(normal);
            assertThat(output).contains("C2 compiler left at its priority during the start", "--ulimit nice=20:20");
        }
    }

    @Test
    void givesC2BackAfterTheTimeoutWhenTheServiceIsNeverReady() {
        CompilerStartPriority priority = new CompilerStartPriority(List.of(), Duration.ofSeconds(1));

        priority.onApplicationEvent(
                new ApplicationStartingEvent(new DefaultBootstrapContext(), new SpringApplication(), new String[0]));

        assertThat(c2Nice()).containsOnly(CompilerStartPriority.HELD_BACK);
        await().atMost(Duration.ofSeconds(10)).until(this::c2AtNormal);
    }

    private static ConfigurableApplicationContext start(CompilerStartPriority priority) {
        SpringApplication application = new SpringApplication(C2Seen.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.addListeners(priority);
        return application.run();
    }

    private boolean c2AtNormal() {
        return c2Nice().stream().allMatch(nice -> nice == normal);
    }

    private List<Integer> c2Nice() {
        return threads.c2Threads().stream().map(task -> threads.nice(task).orElse(normal)).toList();
    }

    /** Reads the C2 threads' nice while the context is being refreshed: during the start. */
    @Configuration(proxyBeanMethods = false)
    static class C2Seen {

        final List<Integer> nice;

        C2Seen() {
            CompilerStartPriority threads = new CompilerStartPriority();
            nice = threads.c2Threads().stream().map(task -> threads.nice(task).orElseThrow()).toList();
        }
    }
}
