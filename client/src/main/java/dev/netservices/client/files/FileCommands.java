package dev.netservices.client.files;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import dev.netservices.client.cli.ClientVersion;
import dev.netservices.client.cli.ExitStatus;
import dev.netservices.client.terminal.ServerText;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The file commands, each defined once with its aliases, parameters and help: the same table serves
 * {@code java -jar client.jar files get NAME}, a line typed at the {@code files>} prompt and a batch
 * script. Every command answers 0 or throws: an {@link IOException} becomes {@code error: <why>} and status 1.
 */
final class FileCommands {

    /** Whoever runs the commands: the one-shot {@code files} command or the interactive shell. */
    interface Context {
        FileClientSession session() throws IOException;

        /** Where command output goes (without opening a session: {@code help} needs none). */
        PrintStream out();

        /** {@code quit}: the shell stops reading; elsewhere there is nothing more to do. */
        void quit();

        /** Whether {@code --force} was given (on the command line or with this command at the prompt). */
        boolean force();
    }

    private static final List<Class<?>> TABLE = List.of(ListFiles.class, Get.class, Put.class, Stat.class,
            Remove.class, Move.class, FolderCommands.ChangeFolder.class, FolderCommands.PrintFolder.class,
            FolderCommands.MakeFolder.class, FolderCommands.RemoveFolder.class, FolderCommands.Mirror.class, LocalChangeFolder.class, LocalList.class, Help.class, Quit.class);

    private FileCommands() {
    }

    /** Adds every file command under {@code root}, whose user object is the {@link Context}. */
    static CommandLine register(CommandLine root) {
        for (Class<?> command : TABLE) {
            root.addSubcommand(new CommandLine(command));
        }
        return root;
    }

    /**
     * Adds only the session command that the words after {@code files} name ({@code --port 9000 get a.txt}: {@code get}),
     * else every command. picocli builds each command's model by reflection, interpreted in a JVM that has just started,
     * so a one-shot transfer does not pay for the other fourteen (profiled: most of a client's start before the first
     * byte). A word it cannot place for sure (an option of another command, a cluster like {@code -qc}, {@code --help},
     * {@code help}, a typo) gets the whole table, so that usage, help and suggestions read as they always did.
     */
    static CommandLine registerNamed(CommandLine root, List<String> words) {
        Class<?> named = sessionCommandNamed(root.getCommandSpec(), words);
        if (named == null) {
            return register(root);
        }
        root.addSubcommand(new CommandLine(named));
        return root;
    }

    /** The session command the first word that is not one of {@code files}' options (or its value) names, or null. */
    private static Class<?> sessionCommandNamed(CommandLine.Model.CommandSpec files, List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith("-") && !word.equals("-")) {
                int equals = word.indexOf('=');
                CommandLine.Model.OptionSpec option = files.findOption(equals > 0 ? word.substring(0, equals) : word);
                if (option == null || option.usageHelp() || option.versionHelp() || option.arity().min() != option.arity().max()) {
                    return null;
                }
                if (equals < 0) {
                    i += option.arity().max();
                }
                continue;
            }
            String name = word.toLowerCase(Locale.ROOT); // the table's names are case-insensitive (ExitStatus)
            for (Class<?> command : TABLE) {
                Command annotation = command.getAnnotation(Command.class);
                if (SessionCommand.class.isAssignableFrom(command)
                        && (annotation.name().equals(name) || List.of(annotation.aliases()).contains(name))) {
                    return command;
                }
            }
            return null;
        }
        return null;
    }

    /** "Commands:" and one line per command, from the table. */
    static void printSummary(CommandLine root, PrintStream out) {
        out.println("Commands:");
        root.getSubcommands().values().stream().distinct().forEach(command -> {
            CommandLine.Model.CommandSpec spec = command.getCommandSpec();
            String synopsis = (spec.name() + " " + String.join(" ", spec.positionalParameters().stream()
                    .map(p -> p.arity().min() == 0 ? "[" + p.paramLabel() + "]" : p.paramLabel() + (p.isMultiValue() ? "..." : ""))
                    .toList())).strip();
            List<String> aliases = List.of(spec.aliases());
            out.printf(Locale.ROOT, "  %-26s %s%s%n", synopsis, spec.usageMessage().description()[0],
                    aliases.isEmpty() ? "" : " (also: " + String.join(", ", aliases) + ")");
        });
    }

    @Command(name = "list", aliases = {"ls", "l"}, description = "List a folder on the server (default: the current one), numbered; folders end in /.")
    static final class ListFiles extends SessionCommand {
        @Parameters(arity = "0..1", paramLabel = "PATH", description = "the folder to list")
        private String path;

        @Override
        void run(FileClientSession session) throws IOException {
            String folder = path == null ? session.remoteFolder() : session.fromListing(path);
            List<RemoteFile> files = new java.util.ArrayList<>();
            session.connection().list(folder, entry -> {
                files.add(entry);
                session.out().printf("%4d  %10s  %s%n", files.size(), entry.isFolder() ? "" : ProgressBar.human(entry.size()),
                        ServerText.shown(entry.name()) + (entry.isFolder() ? "/" : ""));
            });
            session.listed(folder, files);
            if (files.isEmpty()) {
                session.out().println("(empty folder " + RemotePaths.shown(folder) + ")");
            }
        }
    }

    @Command(name = "get", aliases = "g",
            description = "Download, verified by SHA-256; resumes a NAME.part left by an interrupted download.")
    static final class Get extends SessionCommand {
        @Parameters(arity = "1..*", paramLabel = "NAME", description = "a path, or its number in the last listing")
        private List<String> names;

        @Override
        void run(FileClientSession session) throws IOException {
            each(session, names, name -> session.transfers().get(session.fromListing(name), context.force()));
        }
    }

    @Command(name = "put", aliases = "p", description = "Upload a local file, verified by SHA-256; -c resumes an interrupted upload.")
    static final class Put extends SessionCommand {
        @CommandLine.Option(names = {"-c", "--continue"}, description = "continue from what the server holds of an interrupted upload")
        private boolean resume;

        @Parameters(index = "0", paramLabel = "FILE", description = "the local file")
        private Path file;

        @Parameters(index = "1", arity = "0..1", paramLabel = "REMOTE_PATH",
                description = "its path on the server (default: its own name in the current folder)")
        private String remoteName;

        @Override
        void run(FileClientSession session) throws IOException {
            String remote = remoteName == null ? RemotePaths.join(session.remoteFolder(), file.getFileName().toString())
                    : session.remote(remoteName);
            session.transfers().put(file, remote, context.force(), resume);
        }
    }

    @Command(name = "stat", description = "Size and SHA-256 of a file on the server; a folder's entries; without a name (or /): usage and limits.")
    static final class Stat extends SessionCommand {
        @Parameters(arity = "0..*", paramLabel = "NAME", description = "a name, or its number in the last listing; / the top folder")
        private List<String> names;

        @Override
        void run(FileClientSession session) throws IOException {
            each(session, names == null || names.isEmpty() ? List.of("/") : names, given -> {
                String name = session.fromListing(given);
                String reply = session.connection().command(name.isEmpty() ? "STAT" : "STAT " + name);
                if (name.isEmpty() || reply.startsWith("OK folder ") || reply.startsWith("OK partial ")) {
                    session.out().println((name.isEmpty() ? "/" : ServerText.shown(name)) + ": " + ServerText.shown(reply.substring(3)));
                } else {
                    RemoteDigest digest = RemoteDigest.of(reply);
                    session.out().println(ServerText.shown(name) + ": " + digest.size() + " bytes, sha256 " + digest.sha256());
                }
            });
        }
    }

    @Command(name = "rm", aliases = {"delete", "del"}, description = "Delete files on the server (needs a read-write login where accounts are on).")
    static final class Remove extends SessionCommand {
        @Parameters(arity = "1..*", paramLabel = "NAME", description = "a name, or its number in the last listing")
        private List<String> names;

        @Override
        void run(FileClientSession session) throws IOException {
            eachListed(session, names, FileConnection::delete);
        }
    }

    @Command(name = "mv", aliases = {"rename", "ren"}, description = "Rename a file on the server, in one step.")
    static final class Move extends SessionCommand {
        @Parameters(index = "0", paramLabel = "OLD", description = "its name, or its number in the last listing")
        private String from;

        @Parameters(index = "1", paramLabel = "NEW", description = "the new path (another folder moves it there)")
        private String to;

        @Override
        void run(FileClientSession session) throws IOException {
            session.out().println(session.connection().rename(session.fromListing(from), session.remote(to)));
        }
    }

    @Command(name = "lcd", description = "Change the local folder: downloads land there, put starts relative paths there.")
    static final class LocalChangeFolder extends SessionCommand {
        @Parameters(paramLabel = "FOLDER", description = "the new local folder (created if missing)")
        private Path folder;

        @Override
        void run(FileClientSession session) throws IOException {
            Path target = session.local(folder);
            if (!Files.isDirectory(target)) {
                throw new IOException(target + " is not a folder");
            }
            session.changeFolder(new DownloadFolder(target));
            session.out().println("local folder: " + session.folder().path());
        }
    }

    @Command(name = "lls", description = "List the local folder (hidden files left out).")
    static final class LocalList extends SessionCommand {
        private static final int MAX_SHOWN = 10_000;

        @Override
        void run(FileClientSession session) throws IOException {
            List<Path> entries;
            try (Stream<Path> listing = Files.list(session.localFolder())) {
                entries = listing.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            }
            for (Path entry : entries.subList(0, Math.min(entries.size(), MAX_SHOWN))) {
                boolean folder = Files.isDirectory(entry);
                session.out().printf("%10s  %s%s%n", folder ? "" : ProgressBar.human(Files.size(entry)), entry.getFileName(), folder ? "/" : "");
            }
            if (entries.size() > MAX_SHOWN) {
                session.out().println("... and " + (entries.size() - MAX_SHOWN) + " more");
            }
            if (entries.isEmpty()) {
                session.out().println("(empty: " + session.localFolder() + ")");
            }
        }
    }

    @Command(name = "help", mixinStandardHelpOptions = true, versionProvider = ClientVersion.class, aliases = {"h", "?"}, description = "List the commands, or show one command's usage.")
    static final class Help implements Callable<Integer> {
        @ParentCommand
        private Context context;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "the command to explain")
        private String command;

        @Override
        public Integer call() throws IOException {
            CommandLine root = spec.parent().commandLine();
            PrintStream out = context.out();
            CommandLine asked = command == null ? null : root.getSubcommands().get(command.toLowerCase(Locale.ROOT));
            if (command != null && asked == null) {
                throw new IOException("no command '" + command + "'; type help");
            }
            if (asked != null) {
                out.print(asked.getUsageMessage(CommandLine.Help.Ansi.OFF));
            } else {
                printSummary(root, out);
            }
            return ExitStatus.OK;
        }
    }

    @Command(name = "quit", mixinStandardHelpOptions = true, versionProvider = ClientVersion.class, aliases = {"q", "exit", "bye"}, description = "Leave.")
    static final class Quit implements Callable<Integer> {
        @ParentCommand
        private Context context;

        @Override
        public Integer call() {
            context.quit();
            return ExitStatus.OK;
        }
    }
}
