package dev.netservices.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * One rule for every command: 0 done, 1 failed, 2 bad usage. A usage error prints what was wrong and how
 * to ask for help, not the whole manual; a failure prints {@code error: <why>}, never a stack trace
 * (except for a bug: an unexpected runtime exception still shows where it happened).
 */
public final class ExitStatus {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private ExitStatus() {
    }

    public static CommandLine configure(CommandLine commandLine) {
        return commandLine
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setSubcommandsCaseInsensitive(true)
                .setOptionsCaseInsensitive(false)
                // files -c ls: "ls" is the option's value here, not the subcommand
                .setAllowSubcommandsAsOptionParameters(true)
                .setParameterExceptionHandler(ExitStatus::usageError)
                .setExecutionExceptionHandler((e, cl, parsed) -> failure(e, cl));
    }

    static int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getColorScheme().errorText("error: " + e.getMessage()));
        if (e instanceof UnmatchedArgumentException unmatched) {
            UnmatchedArgumentException.printSuggestions(unmatched, err);
        }
        err.println("Usage: " + cl.getHelp().synopsis(0).strip());
        err.println("Try '" + qualifiedName(cl) + " --help' for more information.");
        err.flush();
        return USAGE;
    }

    static int failure(Exception e, CommandLine cl) throws Exception {
        if (e instanceof IOException) {
            cl.getErr().println("error: " + e.getMessage());
            cl.getErr().flush();
            return FAILED;
        }
        throw e;
    }

    private static String qualifiedName(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName(" ").toLowerCase(Locale.ROOT);
    }
}
