package dev.netservices.chat.room;

/** What became of an admin announcement: sent to so many members, or refused with the rule it broke. */
public sealed interface Announcement {

    /** Sent to {@code recipients} members. */
    record Sent(int recipients) implements Announcement {
    }

    /** Not sent; {@code detail} says which rule and, for a limit, by how much. */
    record Refused(Rule rule, String detail) implements Announcement {
    }

    /** The rules an announcement must keep, each with a short title for the admin. */
    enum Rule {
        EMPTY("Empty announcement"),
        TOO_LONG("Announcement too long"),
        CONTROL_CHARACTERS("Control characters in announcement");

        private final String title;

        Rule(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }
}
