package dev.netservices.files.account;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one account's line in the users file adds after its access ({@code :home=alice,quota=500MiB,max-files=1000}):
 * its home folder under {@code files.root}, which its sessions see as their top folder and nothing above it (like
 * vsftpd's {@code chroot_local_user}), and the limits of its own library. Unset keys keep the service's.
 *
 * @param home     folder under the root, {@code /}-separated; empty: the root itself
 * @param quota    most bytes the home may hold; {@link #UNSET}: the service's quota
 * @param maxFiles most files the home may hold; {@link #UNSET}: no limit
 * @param maxSessions most sessions logged in as the account at once; {@link #UNSET}: no limit
 * @param uploadRate   bytes per second each upload is paced to (never refused); {@link #UNSET}: as fast as it comes
 * @param downloadRate bytes per second each download is paced to; {@link #UNSET}: as fast as the connection takes it
 */
public record AccountLimits(String home, long quota, long maxFiles, long maxSessions, long uploadRate, long downloadRate) {

    public static final long UNSET = -1;
    public static final AccountLimits NONE = new AccountLimits("", UNSET, UNSET, UNSET, UNSET, UNSET);

    /** The limits before the rates were keys of their own. */
    public AccountLimits(String home, long quota, long maxFiles, long maxSessions) {
        this(home, quota, maxFiles, maxSessions, UNSET, UNSET);
    }

    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?");

    /** The options after the access; the reason a key or value is refused is thrown as {@link IllegalArgumentException}. */
    static AccountLimits parse(String options, String name) {
        String home = "";
        long quota = UNSET;
        long maxFiles = UNSET;
        long maxSessions = UNSET;
        long uploadRate = UNSET;
        long downloadRate = UNSET;
        for (String option : options.split(",")) {
            int equals = option.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("the option '" + option + "' is not key=value");
            }
            String key = option.substring(0, equals).strip();
            String value = option.substring(equals + 1).strip();
            switch (key) {
                case "home" -> home = home(value);
                case "quota" -> quota = bytes(key, value);
                case "max-files" -> maxFiles = bytes(key, value.replaceAll("[^0-9]", "").equals(value) ? value : "x");
                case "max-sessions" -> maxSessions = bytes(key, value.replaceAll("[^0-9]", "").equals(value) && !value.equals("0") ? value : "x");
                case "upload-rate" -> uploadRate = rate(key, value);
                case "download-rate" -> downloadRate = rate(key, value);
                default -> throw new IllegalArgumentException(
                        "the option '" + key + "' is unknown (home, quota, max-files, max-sessions, upload-rate, download-rate)");
            }
        }
        return new AccountLimits(home, quota, maxFiles, maxSessions, uploadRate, downloadRate);
    }

    /** A size with an optional unit: {@code 500MiB}, {@code 2GB}, {@code 1048576}. */
    static long bytes(String key, String value) {
        Matcher size = SIZE.matcher(value);
        if (!size.matches()) {
            throw new IllegalArgumentException("the " + key + " '" + value + "' is not a number with an optional unit (500MiB, 2GB)");
        }
        long number = Long.parseLong(size.group(1));
        String unit = size.group(2) == null ? "B" : size.group(2);
        long factor = switch (unit.toUpperCase(Locale.ROOT)) {
            case "KB", "KIB" -> 1L << 10;
            case "MB", "MIB" -> 1L << 20;
            case "GB", "GIB" -> 1L << 30;
            case "TB", "TIB" -> 1L << 40;
            default -> 1;
        };
        return Math.multiplyExact(number, factor);
    }

    /** Bytes per second with an optional unit ({@code 1MiB}); zero would pace a transfer to a standstill. */
    private static long rate(String key, String value) {
        long rate = bytes(key, value);
        if (rate == 0) {
            throw new IllegalArgumentException("the " + key + " '" + value + "' is zero (leave the key out for no limit)");
        }
        return rate;
    }

    private static String home(String value) {
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".") || segment.contains("\\")) {
                throw new IllegalArgumentException("the home '" + value + "' is not a relative folder of visible names");
            }
        }
        return value;
    }
}
