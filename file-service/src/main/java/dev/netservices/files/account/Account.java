package dev.netservices.files.account;

/** One line of the users file: a name, its password as the delegating encoder stores it, and its access. */
public record Account(String name, String encodedPassword, Access access, AccountLimits limits) {

    public Account(String name, String encodedPassword, Access access) {
        this(name, encodedPassword, access, AccountLimits.NONE);
    }

    @Override
    public String toString() {
        return "Account[" + name + ", " + access.text() + "]";
    }
}
