package dev.netservices.files.account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.time.ServiceClock;

/**
 * The accounts of {@code files.users-file}: one {@code name:{id}encoded:rw|ro} a line, {@code #}
 * comments and blank lines ignored. Read at start and again when the file's modification time or size
 * changes, looked at no more than once per {@link #CHECK_INTERVAL} (on the next lookup after it). A refused
 * line (see {@link AccountLine}: a malformed hash or an unsupported {@code {id}} among them) is logged by its
 * number and reason only (it may hold a hash) and skipped; a missing or unreadable file keeps the accounts last read.
 *
 * <p>A users file its group or others may write is refused: whoever can write it can give themselves an
 * account, so it is as secret as the passwords. At start that stops the service; later, the accounts last
 * read are kept and a warning says why (a refusal, not a warning, because a warning in a log is read too late).
 */
public final class AccountFile implements Accounts {

    private static final Logger log = LoggerFactory.getLogger(AccountFile.class);
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);

    private final Path file;
    private final ServiceClock clock;
    private final StandIns standIns = new StandIns();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of());
    private long lastCheck;
    private FileTime loadedModified;
    private long loadedSize = -1;

    /** @throws IllegalStateException when the file is writable by its group or others */
    public AccountFile(Path file, ServiceClock clock) {
        this.file = file;
        this.clock = clock;
        this.lastCheck = clock.nanoTime();
        String unsafe = unsafePermissions();
        if (unsafe != null) {
            throw new IllegalStateException(unsafe);
        }
        reload();
    }

    @Override
    public Optional<Account> find(String name) {
        reloadIfChanged();
        return Optional.ofNullable(snapshot.accounts().get(name));
    }

    /**
     * The stored password an unknown {@code name} is checked against, so that its {@code LOGIN} does the work a
     * real account's does: the hash of an account picked by a keyed hash of the name (the same one every time for
     * one name, and no telling which). Unknown names then cost what the accounts cost, in the same proportions, so
     * timing tells neither whether a name exists nor which accounts have an unusual cost or format. The reply to
     * the unknown name is a failure whatever the check finds. Null when there are no accounts.
     */
    @Override
    public String standInFor(String name) {
        return standIns.pick(snapshot.standIns(), name);
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
                    snapshot.accounts().size());
            return;
        }
        if (attributes.lastModifiedTime().equals(loadedModified) && attributes.size() == loadedSize) {
            return;
        }
        String unsafe = unsafePermissions();
        if (unsafe != null) {
            log.warn("{}; keeping the {} account(s) read before", unsafe, snapshot.accounts().size());
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("users file {} cannot be read ({}); keeping the {} account(s) read before", file, e.getClass().getSimpleName(),
                    snapshot.accounts().size());
            return;
        }
        snapshot = parse(lines);
        loadedModified = attributes.lastModifiedTime();
        loadedSize = attributes.size();
        log.info("users file {}: {} account(s)", file, snapshot.accounts().size());
    }

    /** Why the file may not be trusted, or null; null too where the file system has no POSIX permissions. */
    private String unsafePermissions() {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return null; // no POSIX permissions here (not a POSIX file system): nothing to judge
        } catch (IOException e) {
            return null; // the file cannot be looked at: the read that follows fails and says so
        }
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            return "users file %s is writable by its group or others (%s), so anyone among them could add an account: refused; run chmod go-w on it"
                    .formatted(file, PosixFilePermissions.toString(permissions));
        }
        return null;
    }

    private Snapshot parse(List<String> lines) {
        Map<String, Account> parsed = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            switch (AccountLine.parse(line)) {
                case AccountLine.Refused refused -> log.warn("users file {} line {} refused: {}", file, i + 1, refused.reason());
                case AccountLine.Valid valid -> {
                    if (parsed.putIfAbsent(valid.account().name(), valid.account()) != null) {
                        log.warn("users file {} line {}: {} is named twice, the first line counts", file, i + 1, valid.account().name());
                    }
                }
            }
        }
        List<String> standIns = new ArrayList<>();
        parsed.values().stream().sorted(Comparator.comparing(Account::name)).forEach(account -> standIns.add(account.encodedPassword()));
        return new Snapshot(Map.copyOf(parsed), List.copyOf(standIns));
    }

    /** Null unless the line is a valid account; {@code {noop}} (a plain-text password) is never valid. */
    public static Account parseLine(String line) {
        return AccountLine.parse(line) instanceof AccountLine.Valid valid ? valid.account() : null;
    }

    /** The accounts as last read, and their stored passwords in name order (what {@link #standInFor} picks from). */
    private record Snapshot(Map<String, Account> accounts, List<String> standIns) {
    }
}
