package dev.netservices.files.account;

import java.util.Optional;

/** Where accounts come from: the users file ({@link AccountFile}) or, with replicas, the catalog's accounts table. */
public interface Accounts {

    Optional<Account> find(String name);

    /**
     * The stored password an unknown {@code name} is checked against, so its {@code LOGIN} costs what a real one does
     * (see {@link StandIns}); null when there are no accounts.
     */
    String standInFor(String name);
}
