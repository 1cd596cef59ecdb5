package dev.netservices.client.files;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.netservices.client.terminal.Tty;

/**
 * An account for {@code LOGIN}. The password never comes from a plain command-line argument (it would
 * show in {@code ps} and the shell history): from {@code --password-file} (its first line), from the
 * environment variable {@value #PASSWORD_VARIABLE}, or typed at a prompt without echo.
 */
record Credentials(String user, char[] password) {

    static final String PASSWORD_VARIABLE = "FILES_PASSWORD";
    private static final int MAX_PASSWORD_FILE_BYTES = 4096;

    /** The password for {@code user}, from the first source that has one. */
    static Credentials of(String user, Path passwordFile, Map<String, String> environment) throws IOException {
        char[] password;
        if (passwordFile != null) {
            password = firstLine(passwordFile);
        } else if (environment.get(PASSWORD_VARIABLE) != null) {
            password = environment.get(PASSWORD_VARIABLE).toCharArray();
        } else {
            password = prompt(user);
        }
        check(password);
        return new Credentials(user, password);
    }

    private static char[] firstLine(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_PASSWORD_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new IOException("cannot read the password file " + file + ": " + LocalFileError.reason(e), e);
        }
        if (bytes.length > MAX_PASSWORD_FILE_BYTES) {
            throw new IOException("the password file " + file + " is longer than " + MAX_PASSWORD_FILE_BYTES + " bytes");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
    }

    private static char[] prompt(String user) throws IOException {
        Console console = System.console();
        if (console == null || !Tty.interactive()) {
            throw new IOException("no password for " + user + ": give --password-file FILE or set " + PASSWORD_VARIABLE
                    + " (there is no terminal to ask on)");
        }
        char[] typed = console.readPassword("password for %s: ", user);
        if (typed == null) {
            throw new IOException("no password typed");
        }
        return typed;
    }

    private static void check(char[] password) throws IOException {
        String text = new String(password);
        if (text.isEmpty()) {
            throw new IOException("the password is empty");
        }
        if (!text.equals(text.strip())) {
            throw new IOException("a password cannot begin or end with a space");
        }
        if (text.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new IOException("a password is one line");
        }
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=(hidden)]";
    }
}
