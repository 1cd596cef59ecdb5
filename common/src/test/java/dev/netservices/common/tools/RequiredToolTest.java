package dev.netservices.common.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

class RequiredToolTest {

    @Test
    void aToolOnThePathIsFoundThere() {
        // sh is on every PATH these tests run with (Debian's dash, /usr/bin/sh or /bin/sh).
        assertThat(RequiredTool.onPath("sh", "dash")).isAbsolute().satisfies(path -> assertThat(Files.isExecutable(path)).isTrue());
    }

    @Test
    void aMissingToolFailsWithTheCommandThatInstallsIt() {
        assertThatThrownBy(() -> RequiredTool.onPath("no-such-tool-issue25", "no-such-package"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("no-such-tool-issue25 is not on the PATH; install it with: apt-get install no-such-package");
    }

    @Test
    void aPathIsNotACommandName() {
        assertThatThrownBy(() -> RequiredTool.find("/usr/bin/nc")).isInstanceOf(IllegalArgumentException.class);
    }
}
