package dev.netservices.chat.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import dev.netservices.chat.room.OneLine;

/** The rules for what the admin writes besides announcements: reasons and addresses. */
final class AdminRequests {

    static final int MAX_REASON_CHARACTERS = 200;
    /** Longest ban or mute: a year. */
    static final int MAX_MINUTES = 525_600;
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private AdminRequests() {
    }

    /** Why {@code text} (a reason) is refused, or null: one line, without format characters, at most 200 characters. */
    static String badText(String text) {
        if (text.codePointCount(0, text.length()) > MAX_REASON_CHARACTERS) {
            return "A reason has at most " + MAX_REASON_CHARACTERS + " characters.";
        }
        return OneLine.allows(text) ? null : "A reason is one line, without control or invisible format characters.";
    }

    /** The IP address {@code text} is written as (a literal: never looked up), or null when it is not one. */
    static InetAddress address(String text) {
        if (text == null || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(text); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
