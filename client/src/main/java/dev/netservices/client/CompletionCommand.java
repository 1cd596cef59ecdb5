package dev.netservices.client;

import java.util.concurrent.Callable;

import dev.netservices.client.cli.ClientVersion;
import dev.netservices.client.cli.ExitStatus;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code completion bash|zsh}: the shell completion script for every command and option, generated from
 * the same command tree that parses them, so it never falls behind. zsh runs the bash script through
 * {@code bashcompinit}, which the script loads itself.
 */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = ClientVersion.class,
        description = {"Print a completion script for bash or zsh for the command 'client'.",
                "  alias client=/path/to/netservices/bin/netservices-client",
                "  source <(client completion bash)      # in ~/.bashrc, or ~/.zshrc with zsh"})
public final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", description = "bash or zsh (default: bash)", defaultValue = "bash")
    private Shell shell;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("client", Main.commandLine(System.in, System.out, System.err));
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitStatus.OK;
    }
}
