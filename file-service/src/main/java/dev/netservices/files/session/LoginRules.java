package dev.netservices.files.session;

import dev.netservices.files.account.AccountSessions;

import java.util.function.IntSupplier;

import dev.netservices.files.account.Access;
import dev.netservices.files.account.Authenticator;

/**
 * Who may do what: the access of anonymous sessions, the accounts, and whether {@code LOGIN} is
 * accepted on the plain port while a TLS port exists ({@code tlsPort} answers -1 when there is none).
 */
public record LoginRules(Access anonymous, Authenticator authenticator, boolean plainLogin, IntSupplier tlsPort, AccountSessions sessions) {

    public LoginRules(Access anonymous, Authenticator authenticator, boolean plainLogin, IntSupplier tlsPort) {
        this(anonymous, authenticator, plainLogin, tlsPort, new AccountSessions());
    }
}
