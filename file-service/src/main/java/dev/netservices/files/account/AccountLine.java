package dev.netservices.files.account;

import java.util.regex.Pattern;

/** One line of the users file, read: an account, or why the line is refused (never quoting it: it may hold a hash). */
sealed interface AccountLine {

    Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");

    record Valid(Account account) implements AccountLine {
    }

    record Refused(String reason) implements AccountLine {
    }

    /**
     * {@code name:{id}encoded:rw|ro[:key=value,...]} (an encoded password never holds a colon); the password is
     * checked for shape by {@link HashCost#refusal}, the options by {@link AccountLimits#parse}.
     */
    static AccountLine parse(String line) {
        String[] fields = line.split(":", 4);
        if (fields.length < 3 || fields[0].isEmpty()) {
            return new Refused("not name:{id}encoded-password:rw|ro[:key=value,...]");
        }
        String name = fields[0];
        String encoded = fields[1];
        AccountLimits limits = AccountLimits.NONE;
        if (fields.length == 4) {
            try {
                limits = AccountLimits.parse(fields[3], name);
            } catch (IllegalArgumentException | ArithmeticException e) {
                return new Refused(e.getMessage() == null ? "an option is out of range" : e.getMessage());
            }
        }
        Access access = switch (fields[2]) {
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
        return refusal == null ? new Valid(new Account(name, encoded, access, limits)) : new Refused(refusal);
    }
}
