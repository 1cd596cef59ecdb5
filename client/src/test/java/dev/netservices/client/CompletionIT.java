package dev.netservices.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** {@code completion bash} prints a script bash accepts, covering every command and option; an unknown shell is a usage error. */
class CompletionIT {

    @Test
    void theGeneratedScriptLoadsInBashAndKnowsTheCommandsAndOptions() throws Exception {
        String client = String.join(" ", ClientJar.command()).replace("'", "");
        Process bash = new ProcessBuilder("bash", "-c", "source <(" + client + " completion bash) && complete -p client")
                .redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        assertThat(output).contains("complete").contains("client");

        Process print = new ProcessBuilder(ClientJar.command("completion", "zsh")).start();
        String script = new String(print.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(print.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(print.exitValue()).isZero();
        assertThat(script).contains("bashcompinit").contains("files").contains("chat")
                .contains("--keepalive").contains("--timestamps").contains("lcd").contains("--dir");
    }

    @Test
    void anUnknownShellIsAUsageError() throws Exception {
        Process print = new ProcessBuilder(ClientJar.command("completion", "fish")).start();
        String err = new String(print.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(print.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(print.exitValue()).isEqualTo(2);
        assertThat(err).contains("fish");
    }

    @Test
    void helpAndVersionAtEveryLevelExitZero() throws Exception {
        for (List<String> args : List.of(List.of("--help"), List.of("--version"), List.of("chat", "--help"), List.of("files", "--help"),
                List.of("files", "get", "--help"), List.of("completion", "--help"))) {
            Process p = new ProcessBuilder(ClientJar.command(args.toArray(String[]::new))).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(args + ": " + out).isZero();
            assertThat(out).containsAnyOf("Usage:", "netservices client");
        }
    }
}
