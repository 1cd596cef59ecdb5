package dev.netservices.files.session;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.common.net.RemoteAddress;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.session.Command.Delete;
import dev.netservices.files.session.Command.Get;
import dev.netservices.files.session.Command.Help;
import dev.netservices.files.session.Command.Invalid;
import dev.netservices.files.session.Command.ListFiles;
import dev.netservices.files.session.Command.Login;
import dev.netservices.files.session.Command.MakeFolder;
import dev.netservices.files.session.Command.RemoveFolder;
import dev.netservices.files.session.Command.Put;
import dev.netservices.files.session.Command.Quit;
import dev.netservices.files.session.Command.Rename;
import dev.netservices.files.session.Command.Stat;
import dev.netservices.files.session.SessionWatchdog.State;
import dev.netservices.files.session.line.BoundedLineReader;
import dev.netservices.files.session.line.LineException;
import dev.netservices.files.session.line.LineTooLongException;
import dev.netservices.files.account.Account;
import dev.netservices.files.defense.Defender;
import dev.netservices.files.account.AccountLimits;
import dev.netservices.files.session.Command.Quota;
import dev.netservices.files.store.FileStore;
import dev.netservices.files.store.Homes;
import dev.netservices.files.store.StoreException;

/**
 * One client connection, served on one pool thread from greeting to close: read a line, run the
 * command, answer, again. Bodies are {@link Transfers}' job, the other commands {@link LibraryCommands}',
 * timeouts {@link SessionWatchdog}'s, who may do what {@link SessionAccess}'s; the bytes move over a {@link Conduit} (plain or TLS).
 *
 * <pre>
 *   connect ─► [TLS handshake] ─► greeting ─► WAITING ──line──► COMMAND ──► reply ─────────────┐
 *                           ▲  │                │                             │
 *                           │  │                ├─ PUT ─► RECEIVING ─► reply ─┤ (reply: after its force, UploadAcks; a MKDIR's too)
 *                           │  │                └─ GET ─► SENDING ───────────┤
 *                           └──┼──────────────────────────────────────────────┘
 *                              │ no first command in time, idle too long, shutdown, QUIT, EOF, line too long
 *                              ▼
 *                            CLOSED
 * </pre>
 */
public final class FileSession implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(FileSession.class);
    private static final int INPUT_BUFFER = 64 * 1024;

    private final Conduit conduit;
    /** The session's library: the anonymous one until a login with a home switches it to that home's. */
    private volatile FileStore store;
    /** The limits {@link #store} was opened with when it is an account's home; null for the anonymous or whole library. */
    private volatile AccountLimits home;
    private final Homes homes;
    private final FileStore rootStore;
    private final Defender defender;
    private final String host;
    private final SessionListener listener;
    private final FileLimits limits;
    private final ServiceClock clock;
    private final String peer;
    private final SessionWatchdog watchdog;
    private final SessionOutput out;
    private final SessionAccess access;
    private final LibraryCommands library;
    private final SessionJournal journal;

    private final ProxyRefusals proxyRefusals;
    private final UploadAcks acks;

    /**
     * @param client the client's address: the socket's peer, or the one a trusted proxy's PROXY header named; what the
     *               log lines and the login budgets see
     */
    public FileSession(Conduit conduit, SessionContext context, InetSocketAddress client) {
        this.conduit = conduit;
        this.proxyRefusals = context.proxyRefusals();
        this.rootStore = context.store();
        this.homes = context.homes();
        this.defender = context.defender();
        this.host = RemoteAddress.host(client);
        this.store = homes == null ? rootStore : homes.anonymous();
        this.listener = context.listener();
        this.limits = context.limits();
        this.clock = context.clock();
        this.peer = RemoteAddress.hostAndPort(client);
        this.watchdog = new SessionWatchdog(conduit, limits, clock, listener);
        this.out = new SessionOutput(conduit);
        // over TLS the cipher's state belongs to the session thread: its uploads are answered one at a time
        this.acks = new UploadAcks(out, conduit.isSecure() ? 0 : limits.maxPipelinedUploads());
        this.access = new SessionAccess(context.rules(), conduit, RemoteAddress.host(client), peer);
        this.journal = new SessionJournal(context.journal(), access, RemoteAddress.host(client));
        this.library = new LibraryCommands(this::library, this::accountLimits, peer, journal);
    }

    @Override
    public void run() {
        boolean lingering = false;
        try {
            conduit.open();
            SessionInput in = new SessionInput(conduit.input(), INPUT_BUFFER);
            BoundedLineReader lines = new BoundedLineReader(in, limits.maxLineBytes());
            Transfers transfers = new Transfers(conduit, in, out, watchdog, this::library, listener, limits, clock, peer, journal,
                    this::accountLimits, Pacer.Pause.SLEEP, acks);
            out.send(Reply.ok("files server ready; commands: " + CommandParser.COMMANDS));
            boolean first = true;
            while (true) {
                if (!watchdog.enter(State.WAITING)) {
                    acks.settleQuietly();
                    out.send(Reply.SHUTTING_DOWN.closing());
                    break;
                }
                if (first && !conduit.isSecure() && ProxyHeaderSniff.startsWithHeader(in)) {
                    // a header only a trusted proxy may send, and it was read before the greeting if it did
                    proxyRefusals.refused(RemoteAddress.hostAndPortOf(conduit.channel()), "a PROXY header from an untrusted peer");
                    break;
                }
                first = false;
                String line;
                try {
                    line = lines.readLine();
                } catch (LineTooLongException e) {
                    acks.settleQuietly();
                    defender.offended(host, Defender.Offence.PROTOCOL_ERROR);
                    out.sendQuietly(Reply.error(ReplyCode.LINE_TOO_LONG, e.getMessage()).closing());
                    lingering = true;
                    break;
                } catch (LineException e) {
                    acks.settleQuietly();
                    defender.offended(host, Defender.Offence.PROTOCOL_ERROR);
                    out.sendQuietly(Reply.error(ReplyCode.BAD_COMMAND, e.getMessage()).closing());
                    lingering = true;
                    break;
                }
                if (watchdog.stopReason() != null) {
                    acks.settleQuietly();
                    out.sendQuietly(watchdog.stopReason());
                    break;
                }
                if (line == null) {
                    break;
                }
                watchdog.enter(State.COMMAND);
                if (!execute(CommandParser.parse(line), transfers)) {
                    lingering = true;
                    break;
                }
            }
        } catch (IOException e) {
            // The client went away, or the watchdog closed a stalled transfer: either way nobody to answer.
            log.debug("session {} ended: {}", peer, e.toString());
        } finally {
            // uploads whose bodies are in are still forced and answered, whatever ended the session
            acks.settleQuietly();
            access.ended();
            watchdog.enter(State.CLOSED);
            if (lingering && conduit.isOpen()) {
                conduit.lingeringClose();
            } else {
                conduit.close();
            }
        }
    }

    /** Whether the session goes on after this command. */
    private boolean execute(Command command, Transfers transfers) throws IOException {
        Reply refusal = access.refusal(command);
        if (!(command instanceof Put) && !(refusal == null && command instanceof MakeFolder mkdir && acks.mayMakeFolder(mkdir.path()))) {
            // only uploads and folders overlap: anything else sees what those before it did, and answers after them
            acks.settle();
        }
        if (refusal != null) {
            if (command instanceof Put put) {
                journal.refused("upload", put.name(), null, refusal);
                return transfers.refuse(put, refusal) && !banned(Defender.Offence.REFUSED_COMMAND);
            }
            out.send(refusal);
            return !banned(Defender.Offence.REFUSED_COMMAND);
        }
        switch (command) {
            case ListFiles list -> library.list(list, conduit, out);
            case Get get -> {
                return transfers.get(get);
            }
            case Put put -> {
                return transfers.put(put, access.owner());
            }
            case Stat stat -> out.send(library.stat(stat, access.owner()));
            case Delete delete -> out.send(library.deleteLogged(delete));
            case Rename rename -> out.send(library.renameLogged(rename));
            case MakeFolder mkdir -> acks.submitFolder(mkdir.path(), () -> library.makeFolderLogged(mkdir));
            case RemoveFolder rmdir -> out.send(library.removeFolderLogged(rmdir));
            case Login login -> {
                Reply reply = home(access.login(login));
                out.send(reply);
                // a wrong password, or more tries while throttled: not a refused plain-text login or a missing users file
                if (reply.text().startsWith("login failed: wrong") || reply.code() == ReplyCode.TOO_MANY_ATTEMPTS) {
                    return !banned(Defender.Offence.FAILED_LOGIN);
                }
            }
            case Quota quota -> out.send(library.quota());
            case Help help -> out.send(Reply.ok("commands: " + CommandParser.COMMANDS));
            case Quit quit -> {
                out.send(Reply.ok("bye"));
                return false;
            }
            case Invalid invalid -> {
                out.send(invalid.reply());
                return !banned(Defender.Offence.PROTOCOL_ERROR) && !invalid.endsSession();
            }
        }
        return true;
    }

    /**
     * Scores the offence; when it bans the address, the session is told with one {@code ERR 421} line and ends
     * (false: the session does not go on).
     */
    private boolean banned(Defender.Offence offence) throws IOException {
        if (!defender.offended(host, offence)) {
            return false;
        }
        out.send(Reply.error(ReplyCode.BANNED, "%s is banned for %s (too many failed logins, refused commands or protocol errors)"
                .formatted(host, defender.remaining(host))).closing());
        return true;
    }

    /**
     * After a successful login, the account's home becomes the session's library (its top folder, its quota); an
     * account without one sees the service's library. A home that cannot be opened is answered instead.
     */
    private Reply home(Reply login) {
        Account account = access.account();
        if (!login.isOk() || homes == null || account == null) {
            return login;
        }
        AccountLimits limits = account.limits();
        if (limits.home().isEmpty() && limits.quota() < 0 && limits.maxFiles() < 0) {
            store = rootStore;
            home = null;
            return login;
        }
        try {
            store = homes.home(limits.home(), limits.quota(), limits.maxFiles());
            home = limits;
            return login;
        } catch (StoreException e) {
            return LibraryCommands.refusal(e, peer);
        }
    }

    /**
     * The session's library now. A home is asked for again at each command: moved or removed meanwhile (by hand, or by
     * an account that sees the whole root), it is made again as at a login, and every live session of the account goes
     * on in it, rather than in the store of the old place (whose LIST was empty and every PUT "name leads outside the
     * root" until the session logged in again).
     */
    private FileStore library() {
        AccountLimits opened = home;
        if (opened != null) {
            try {
                store = homes.home(opened.home(), opened.quota(), opened.maxFiles());
            } catch (StoreException e) {
                // it cannot be made again now: the store as it was answers, and a new login says why
            }
        }
        return store;
    }

    /** The limits of the account logged in; none before a login (anonymous sessions are never paced). */
    private AccountLimits accountLimits() {
        Account account = access.account();
        return account == null ? AccountLimits.NONE : account.limits();
    }

    /** Called by the server's watchdog thread: ends an idle session or a transfer below the minimum rate. */
    public void tick() {
        watchdog.tick();
    }

    /** The server stops: a session waiting for a command ends now, the others after their current one. */
    public void drain() {
        watchdog.drain();
    }

    /** Ends the session at once, whatever it is doing. */
    public void forceClose() {
        conduit.close();
    }
}
