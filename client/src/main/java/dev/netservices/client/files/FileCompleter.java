package dev.netservices.client.files;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.jline.builtins.Completers.FileNameCompleter;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import dev.netservices.client.terminal.ServerText;

import picocli.CommandLine;

/**
 * Tab at the {@code files>} prompt: command names (from the same table that runs them), then for
 * {@code get} and {@code stat} the names of the last listing, for {@code put} and {@code lcd} local paths
 * (from the local folder), for {@code help} the commands again.
 */
final class FileCompleter implements Completer {

    private final CommandLine commands;
    private final FileClientSession session;
    private final FileNameCompleter localPaths;

    FileCompleter(CommandLine commands, FileClientSession session) {
        this.commands = commands;
        this.session = session;
        this.localPaths = new FileNameCompleter() {
            @Override
            protected Path getUserDir() {
                return session.localFolder();
            }
        };
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            commandNames(candidates);
            return;
        }
        CommandLine command = commands.getSubcommands().get(line.words().get(0).toLowerCase(Locale.ROOT));
        if (command == null) {
            return;
        }
        switch (command.getCommandName()) {
            case "get", "stat", "rm", "ls", "list", "cd", "rmdir" -> remotePaths(line, candidates);
            case "put", "lcd" -> {
                if (line.wordIndex() == 1) {
                    localPaths.complete(reader, line, candidates);
                }
            }
            case "mv" -> {
                if (line.wordIndex() == 1) {
                    remotePaths(line, candidates);
                }
            }
            case "help" -> commandNames(candidates);
            default -> {
                // nothing to offer
            }
        }
    }

    /**
     * Remote paths across folders: the entries of the folder the word typed so far names ({@code docs/20} lists
     * {@code docs}), from the server when connected, folders offered with their {@code /} so Tab goes on into them;
     * before the first connection, the names of the last listing.
     */
    private void remotePaths(ParsedLine line, List<Candidate> candidates) {
        if (!session.isConnected()) {
            listedNames(candidates);
            return;
        }
        String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        String typedFolder = word.substring(0, word.lastIndexOf('/') + 1);
        try {
            for (RemoteFile entry : session.connection().list(session.remote(typedFolder.isEmpty() ? "." : typedFolder))) {
                String name = entry.name();
                if (ServerText.shown(name).equals(name)) {
                    String shown = name + (entry.isFolder() ? "/" : "");
                    candidates.add(new Candidate(typedFolder + shown, shown, null, null, null, null, !entry.isFolder()));
                }
            }
        } catch (java.io.IOException e) {
            listedNames(candidates);
        }
    }

    /** The names of the last listing that print as themselves; one with a control or format character is asked for by its number. */
    private void listedNames(List<Candidate> candidates) {
        session.lastListing().stream().map(RemoteFile::name).filter(name -> ServerText.shown(name).equals(name))
                .forEach(name -> candidates.add(new Candidate(name)));
    }

    private void commandNames(List<Candidate> candidates) {
        commands.getSubcommands().forEach((name, command) -> candidates.add(new Candidate(name, name, null,
                command.getCommandSpec().usageMessage().description()[0], null, null, true)));
    }
}
