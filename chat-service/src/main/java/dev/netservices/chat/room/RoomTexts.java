package dev.netservices.chat.room;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;

/**
 * The room's words, from the {@code messages*.properties} bundle in the configured locale. Protocol tokens
 * ({@code OK}, {@code FAIL}, {@code ERROR}, {@code PONG}, {@code EXIT}) are not words and never translated:
 * the original client compares the join reply to {@code OK}.
 */
public final class RoomTexts {

    public static final String OK = "OK";
    public static final String PONG = "PONG";
    /** Sent to a member who leaves: the original client's reader stops on it. */
    public static final String EXIT = "EXIT";

    private final MessageSource messages;
    private final Locale locale;

    public RoomTexts(MessageSource messages, Locale locale) {
        this.messages = messages;
        this.locale = locale;
    }

    public String text(String key, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    /** A refused join: {@code FAIL <reason>}. */
    public String fail(String key, Object... args) {
        return "FAIL " + text(key, args);
    }

    /** Any other refused datagram: {@code ERROR <reason>}. */
    public String error(String key, Object... args) {
        return "ERROR " + text(key, args);
    }

    /** {@code members (3): alice, bob, carol}, cut with "and N more" where the list would pass {@code maxBytes}. */
    public String who(List<String> names, int maxBytes) {
        StringBuilder listed = new StringBuilder();
        int budget = maxBytes - 64;
        int count = 0;
        for (String name : names) {
            int bytes = name.getBytes(UTF_8).length + 2;
            if (budget - bytes < 0) {
                break;
            }
            budget -= bytes;
            listed.append(count == 0 ? "" : ", ").append(name);
            count++;
        }
        if (count < names.size()) {
            listed.append(text("chat.who-more", Integer.toString(names.size() - count)));
        }
        return text("chat.who", Integer.toString(names.size()), listed.toString());
    }

    /** {@code 10} for a refill of 100 ms, {@code 3.33} for 300 ms: a rate per second as people write it. */
    public static String perSecond(Duration refill) {
        return BigDecimal.valueOf(1_000_000_000L).divide(BigDecimal.valueOf(refill.toNanos()), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    /** {@code 5m}, {@code 300ms}, {@code 1h30m}: short enough for a one-line notice. */
    public static String duration(Duration duration) {
        if (duration.toMillis() < 1000) {
            return duration.toMillis() + "ms";
        }
        StringBuilder out = new StringBuilder();
        if (duration.toHours() > 0) {
            out.append(duration.toHours()).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            out.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0 || out.isEmpty()) {
            out.append(duration.toSecondsPart()).append('s');
        }
        return out.toString();
    }
}
