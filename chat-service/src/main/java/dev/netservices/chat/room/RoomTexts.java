package dev.netservices.chat.room;

import java.time.Duration;
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
