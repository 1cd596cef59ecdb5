package dev.netservices.files.catalog;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.netservices.files.account.AccountFile;

/**
 * {@code java -jar file-service.jar --import-users FILE}: loads a users file into the catalog's accounts table (for
 * {@code files.accounts=database}), the database named by {@code SPRING_DATASOURCE_URL}, {@code _USERNAME} and
 * {@code _PASSWORD} in the environment (never on the command line, where other users of the machine see it). Each
 * valid line is added, or replaces the account of its name; accounts not in the file are kept. Refused lines are
 * named by number and reason only (they may hold a hash). It runs before Spring starts; the schema is migrated first.
 */
public final class AccountImportCommand {

    public static final String OPTION = "--import-users";

    private AccountImportCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The exit status. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: SPRING_DATASOURCE_URL=jdbc:postgresql://host:5432/files SPRING_DATASOURCE_USERNAME=... "
                    + "SPRING_DATASOURCE_PASSWORD=... java -jar file-service.jar " + OPTION + " <users file>");
            return 2;
        }
        String url = environment.get("SPRING_DATASOURCE_URL");
        if (url == null || url.isBlank()) {
            err.println("error: SPRING_DATASOURCE_URL is not set (the catalog's database, jdbc:postgresql://host:5432/files)");
            return 2;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("error: cannot read " + args[1] + " (" + e.getClass().getSimpleName() + ")");
            return 1;
        }
        try (CatalogDatabase database = CatalogDatabase.open(url, environment.get("SPRING_DATASOURCE_USERNAME"),
                environment.get("SPRING_DATASOURCE_PASSWORD"), 2)) {
            int imported = 0;
            int refused = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (AccountFile.parseLine(line) == null) {
                    err.println("line " + (i + 1) + " refused: not a valid account line (see docs/file-protocol.md, the account file)");
                    refused++;
                    continue;
                }
                String[] fields = line.split(":", 4);
                database.read(jdbc -> jdbc.update("""
                        insert into accounts (name, password, access, options) values (?, ?, ?, ?)
                        on conflict (name) do update set password = excluded.password, access = excluded.access, options = excluded.options""",
                        fields[0], fields[1], fields[2], fields.length == 4 ? fields[3] : ""));
                imported++;
            }
            out.println("imported " + imported + " account(s)" + (refused > 0 ? ", refused " + refused + " line(s)" : ""));
            return refused > 0 ? 1 : 0;
        } catch (dev.netservices.files.store.StoreException | RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
