package dev.netservices.files.session;

import dev.netservices.files.account.Account;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.files.account.Access;
import dev.netservices.files.account.Authenticator.Outcome;
import dev.netservices.files.session.Command.Login;

/**
 * Who this session is and what it may do. It starts anonymous with {@link LoginRules#anonymous()};
 * {@code LOGIN} makes it an account's. Every refusal is {@code ERR 530} naming what was missing.
 *
 * <pre>
 *   anonymous (files.anonymous) ──LOGIN ok──► logged in as NAME (rw|ro) ──LOGIN ok──► another account
 *            ▲        │ LOGIN failed: unchanged             │ LOGIN failed: unchanged
 *            └────────┘                                     ┘
 * </pre>
 */
final class SessionAccess {

    private static final Logger log = LoggerFactory.getLogger(SessionAccess.class);

    private final LoginRules rules;
    private final Conduit conduit;
    private final String host;
    private final String peer;
    private String user;
    private Account account;
    private Access access;

    SessionAccess(LoginRules rules, Conduit conduit, String host, String peer) {
        this.rules = rules;
        this.conduit = conduit;
        this.host = host;
        this.peer = peer;
        this.access = rules.anonymous();
    }

    /** Null when the session may run {@code command} (its {@link Command#rule() rule} allows this session's access), else the refusal. */
    Reply refusal(Command command) {
        AccessRule rule = command.rule();
        if (rule.allows(access)) {
            return null;
        }
        if (!access.mayRead()) {
            return Reply.error(ReplyCode.NOT_PERMITTED, user == null ? "log in first: anonymous access is off"
                    : "log in first: " + user + " has no access");
        }
        return Reply.error(ReplyCode.NOT_PERMITTED, rule.word() + " needs a read-write login; this session is "
                + (user == null ? "anonymous" : "logged in as " + user) + " (" + access.text() + ")");
    }

    /** The session ends or switches account: its place among the account's sessions is given back. */
    void ended() {
        if (account != null) {
            rules.sessions().close(account.name());
        }
    }

    /** Who the transfer log names: the account, or {@code anonymous}. */
    String userOrAnonymous() {
        return user == null ? "anonymous" : user;
    }

    /** The account logged in; null for an anonymous session. */
    Account account() {
        return account;
    }

    /**
     * Whose partial uploads this session resumes: the account logged in, or anonymous from this client's address.
     * Anonymous sessions from anywhere shared one set, so one client's resume appended its bytes to another's part of
     * the same name and the mixed file was stored (its digest not the client's).
     */
    String owner() {
        return user == null ? "anonymous@" + host : "user:" + user;
    }

    Reply login(Login login) {
        int tlsPort = rules.tlsPort().getAsInt();
        if (!conduit.isSecure() && tlsPort > 0 && !rules.plainLogin()) {
            return Reply.error(ReplyCode.NOT_PERMITTED, "login over plain text is refused; use TLS on port " + tlsPort);
        }
        Outcome outcome;
        try {
            outcome = rules.authenticator().login(login.name(), login.password(), host);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.SHUTTING_DOWN;
        }
        return switch (outcome) {
            case Outcome.LoggedIn in -> {
                long max = in.account().limits().maxSessions();
                // logged in as that account already, the session keeps its place: a second one would refuse it at max-sessions
                boolean again = account != null && account.name().equals(in.account().name());
                if (!again && !rules.sessions().tryOpen(in.account().name(), (int) Math.min(max, Integer.MAX_VALUE))) {
                    yield Reply.error(ReplyCode.TOO_MANY_ATTEMPTS, "%s already has %d %s, the most allowed".formatted(in.account().name(), max,
                            max == 1 ? "session" : "sessions"));
                }
                if (!again) {
                    ended();
                }
                user = in.account().name();
                account = in.account();
                access = in.account().access();
                log.info("{} logged in as {} ({})", peer, user, access.text());
                yield Reply.ok("logged in as " + user + " (" + access.text() + ")");
            }
            case Outcome.WrongNameOrPassword wrong -> {
                log.info("{}: failed login", peer);
                yield Reply.error(ReplyCode.NOT_PERMITTED, "login failed: wrong name or password");
            }
            case Outcome.Throttled throttled -> Reply.error(ReplyCode.TOO_MANY_ATTEMPTS, "too many failed logins from %s; try again in %ds"
                    .formatted(host, seconds(throttled.retryAfter())));
            case Outcome.AccountThrottled throttled -> Reply.error(ReplyCode.TOO_MANY_ATTEMPTS,
                    "too many failed logins for this account; try again in %ds".formatted(seconds(throttled.retryAfter())));
            case Outcome.Busy busy -> Reply.error(ReplyCode.UNAVAILABLE, "server busy checking other logins; try again shortly");
            case Outcome.NoAccounts none -> Reply.error(ReplyCode.NOT_PERMITTED, "login failed: no accounts are configured");
        };
    }

    /** Whole seconds, rounded up, at least one: "try again in 0s" would invite an immediate retry that fails. */
    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
