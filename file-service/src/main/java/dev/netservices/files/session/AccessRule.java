package dev.netservices.files.session;

import dev.netservices.files.account.Access;

/**
 * What a session must be allowed before a command runs: {@link Command#rule()}'s table names one for every command,
 * with no default branch, so a new command does not compile until it says who may run it. The
 * commands anyone may run, logged in or not, are an explicit list: those whose rule is {@link #ANYONE}.
 *
 * @param word   the command as the refusal names it ({@code PUT needs a read-write login})
 * @param needs  the least access that may run it
 */
public record AccessRule(String word, Access needs) {

    /** For commands that touch no file: LOGIN, HELP, QUIT and a line that is no command. */
    public static final AccessRule ANYONE = new AccessRule("", Access.NONE);

    static AccessRule reading(String word) {
        return new AccessRule(word, Access.READ);
    }

    static AccessRule writing(String word) {
        return new AccessRule(word, Access.READ_WRITE);
    }

    /** Whether a session with {@code access} may run the command. */
    public boolean allows(Access access) {
        return access.compareTo(needs) >= 0;
    }
}
