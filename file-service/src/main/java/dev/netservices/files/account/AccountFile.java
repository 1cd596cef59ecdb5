package dev.netservices.files.account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.time.ServiceClock;

/**
 * The accounts of {@code files.users-file}: one {@code name:{id}encoded:rw|ro} a line, {@code #}
 * comments and blank lines ignored. Read at start and again when the file's modification time or size
 * changes, looked at no more than once per {@link #CHECK_INTERVAL} (on the next lookup after it). A bad
 * line is logged by its number only (it may hold a hash) and skipped; a missing or unreadable file keeps
 * the accounts last read.
 */
public final class AccountFile {

    private static final Logger log = LoggerFactory.getLogger(AccountFile.class);
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");
    private static final Pattern ENCODED = Pattern.compile("\\{(bcrypt|pbkdf2|scrypt|argon2|sha256|ldap|MD4|MD5|SHA-1|SHA-256|[a-z0-9@.-]+)}\\S+");

    private final Path file;
    private final ServiceClock clock;
    private volatile Map<String, Account> accounts = Map.of();
    private long lastCheck;
    private FileTime loadedModified;
    private long loadedSize = -1;

    public AccountFile(Path file, ServiceClock clock) {
        this.file = file;
        this.clock = clock;
        this.lastCheck = clock.nanoTime();
        reload();
    }

    public Optional<Account> find(String name) {
        reloadIfChanged();
        return Optional.ofNullable(accounts.get(name));
    }

    private synchronized void reloadIfChanged() {
        long now = clock.nanoTime();
        if (now - lastCheck < CHECK_INTERVAL.toNanos()) {
            return;
        }
        lastCheck = now;
        reload();
    }

    private synchronized void reload() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            log.warn("users file {} cannot be read ({}); keeping the {} account(s) read before", file, e.getClass().getSimpleName(),
                    accounts.size());
            return;
        }
        if (attributes.lastModifiedTime().equals(loadedModified) && attributes.size() == loadedSize) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("users file {} cannot be read ({}); keeping the {} account(s) read before", file, e.getClass().getSimpleName(),
                    accounts.size());
            return;
        }
        accounts = parse(lines);
        loadedModified = attributes.lastModifiedTime();
        loadedSize = attributes.size();
        log.info("users file {}: {} account(s)", file, accounts.size());
    }

    private Map<String, Account> parse(List<String> lines) {
        Map<String, Account> parsed = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Account account = parseLine(line);
            if (account == null) {
                log.warn("users file {} line {}: not name:{{id}}encoded-password:rw|ro, skipped", file, i + 1);
            } else if (parsed.putIfAbsent(account.name(), account) != null) {
                log.warn("users file {} line {}: {} is named twice, the first line counts", file, i + 1, account.name());
            }
        }
        return Map.copyOf(parsed);
    }

    /** Null unless the line is a valid account; {@code {noop}} (a plain-text password) is never valid. */
    static Account parseLine(String line) {
        int first = line.indexOf(':');
        int last = line.lastIndexOf(':');
        if (first <= 0 || last <= first) {
            return null;
        }
        String name = line.substring(0, first);
        String encoded = line.substring(first + 1, last);
        Access access = switch (line.substring(last + 1)) {
            case "rw" -> Access.READ_WRITE;
            case "ro" -> Access.READ;
            default -> null;
        };
        if (access == null || !NAME.matcher(name).matches() || !ENCODED.matcher(encoded).matches() || encoded.startsWith("{noop}")) {
            return null;
        }
        return new Account(name, encoded, access);
    }
}
