package dev.netservices.files.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.account.Account;
import dev.netservices.files.account.AccountFile;
import dev.netservices.files.account.Accounts;
import dev.netservices.files.account.StandIns;
import dev.netservices.files.store.StoreException;

/**
 * Accounts from the catalog's {@code accounts} table, shared by every replica: read at start and again at most every
 * {@link #CHECK_INTERVAL} (on the next lookup after it), each row checked by the users file's own rules (a row they
 * refuse is logged by name and skipped). While the database is away the accounts last read stay in force.
 */
public final class AccountTable implements Accounts {

    private static final Logger log = LoggerFactory.getLogger(AccountTable.class);
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);

    private record Snapshot(Map<String, Account> accounts, List<String> standIns) {
    }

    private final CatalogDatabase database;
    private final ServiceClock clock;
    private final StandIns standIns = new StandIns();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of());
    private long lastRead;
    private boolean everRead;

    public AccountTable(CatalogDatabase database, ServiceClock clock) {
        this.database = database;
        this.clock = clock;
        reload();
    }

    @Override
    public Optional<Account> find(String name) {
        reloadIfDue();
        return Optional.ofNullable(snapshot.accounts().get(name));
    }

    @Override
    public String standInFor(String name) {
        return standIns.pick(snapshot.standIns(), name);
    }

    private synchronized void reloadIfDue() {
        if (clock.nanoTime() - lastRead >= CHECK_INTERVAL.toNanos()) {
            reload();
        }
    }

    private synchronized void reload() {
        lastRead = clock.nanoTime();
        List<String[]> rows;
        try {
            rows = database.read(jdbc -> jdbc.query("select name, password, access, options from accounts order by name",
                    (rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}));
        } catch (StoreException e) {
            log.warn("accounts table unreadable ({}); keeping the {} account(s) read before", e.getMessage(), snapshot.accounts().size());
            return;
        }
        Map<String, Account> accounts = new HashMap<>();
        List<String> hashes = new ArrayList<>();
        for (String[] row : rows) {
            Account account = AccountFile.parseLine(row[0] + ":" + row[1] + ":" + row[2] + (row[3].isEmpty() ? "" : ":" + row[3]));
            if (account == null) {
                log.warn("accounts table: the row of {} is refused by the users file's rules; skipped", row[0]);
                continue;
            }
            accounts.put(account.name(), account);
            hashes.add(account.encodedPassword());
        }
        if (!everRead || accounts.size() != snapshot.accounts().size()) {
            log.info("accounts table: {} account(s)", accounts.size());
        }
        everRead = true;
        snapshot = new Snapshot(Map.copyOf(accounts), List.copyOf(hashes));
    }
}
