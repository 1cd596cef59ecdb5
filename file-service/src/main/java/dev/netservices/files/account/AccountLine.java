package dev.netservices.files.account;

import java.util.regex.Pattern;

/** One line of the users file, read: an account, or why the line is refused (never quoting it: it may hold a hash). */
sealed interface AccountLine {

    Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");

    record Valid(Account account) implements AccountLine {
    }

    record Refused(String reason) implements AccountLine {
    }

    /** {@code name:{id}encoded:rw|ro}; the password is checked for shape by {@link HashCost#refusal}. */
    static AccountLine parse(String line) {
        int first = line.indexOf(':');
        int last = line.lastIndexOf(':');
        if (first <= 0 || last <= first) {
            return new Refused("not name:{id}encoded-password:rw|ro");
        }
        String name = line.substring(0, first);
        String encoded = line.substring(first + 1, last);
        Access access = switch (line.substring(last + 1)) {
            case "rw" -> Access.READ_WRITE;
            case "ro" -> Access.READ;
            default -> null;
        };
        if (access == null) {
            return new Refused("the access is neither rw nor ro");
        }
        if (!NAME.matcher(name).matches()) {
            return new Refused("the name is not 1 to 64 of A-Z a-z 0-9 . _ - (not starting with . or -)");
        }
        String refusal = HashCost.refusal(encoded);
        return refusal == null ? new Valid(new Account(name, encoded, access)) : new Refused(refusal);
    }
}
