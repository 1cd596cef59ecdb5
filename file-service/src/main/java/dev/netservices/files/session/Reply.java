package dev.netservices.files.session;

import java.nio.charset.StandardCharsets;

import dev.netservices.files.store.StoreException;

/**
 * One reply line: {@code OK <text>} when {@code code} is null, {@code ERR <number> <text>} otherwise,
 * rendered in one place ({@link #bytes()}). A reply after which the server closes the connection says
 * so ({@link #closing()}), so the client knows not to send more.
 */
public record Reply(ReplyCode code, String text) {

    /** Said to sessions (and to connections arriving) while the service stops. */
    public static final Reply SHUTTING_DOWN = error(ReplyCode.UNAVAILABLE, "server is shutting down");

    public static Reply ok(String text) {
        return new Reply(null, text);
    }

    public static Reply error(ReplyCode code, String text) {
        return new Reply(code, text);
    }

    public static Reply of(StoreException e) {
        return error(ReplyCode.of(e.reason()), e.getMessage());
    }

    public boolean isOk() {
        return code == null;
    }

    /** The same reply, telling the client the connection ends after it. */
    public Reply closing() {
        return closing("closing");
    }

    /** The same reply with {@code ; <why>} appended, e.g. {@code closing (too many bytes to discard)}. */
    public Reply closing(String why) {
        return new Reply(code, text + "; " + why);
    }

    /** The line as sent, without its CRLF. */
    public String line() {
        return isOk() ? "OK " + text : "ERR " + code.number() + " " + text;
    }

    /** The line as sent, CRLF included. */
    public byte[] bytes() {
        return (line() + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return line();
    }
}
