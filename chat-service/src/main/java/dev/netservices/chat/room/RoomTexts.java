package dev.netservices.chat.room;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final LineText said;
    private final LineText privately;

    public RoomTexts(MessageSource messages, Locale locale) {
        this.messages = messages;
        this.locale = locale;
        this.said = LineText.of(this, "chat.said");
        this.privately = LineText.of(this, "chat.private");
    }

    public String text(String key, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    /** {@code chat.said}: {@code alice : hi}, the text of every line said. */
    String said(String name, String text) {
        return said.with(name, text);
    }

    /** {@code chat.private}: {@code (private) alice : hi}. */
    String privately(String name, String text) {
        return privately.with(name, text);
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
        return text("chat.who", Integer.toString(names.size()), listed(names, maxBytes));
    }

    /** {@code rooms (2): #lobby 3, #ops 1}, cut like {@link #who} where it would pass {@code maxBytes}. */
    public String rooms(Map<String, Integer> rooms, int maxBytes) {
        List<String> items = new ArrayList<>();
        rooms.forEach((room, members) -> items.add(room + " " + members));
        return text("chat.rooms", Integer.toString(rooms.size()), listed(items, maxBytes));
    }

    private String listed(List<String> items, int maxBytes) {
        StringBuilder listed = new StringBuilder();
        int budget = maxBytes - 64;
        int count = 0;
        for (String item : items) {
            int bytes = item.getBytes(UTF_8).length + 2;
            if (budget - bytes < 0) {
                break;
            }
            budget -= bytes;
            listed.append(count == 0 ? "" : ", ").append(item);
            count++;
        }
        if (count < items.size()) {
            listed.append(text("chat.who-more", Integer.toString(items.size() - count)));
        }
        return listed.toString();
    }

    /** A replayed line: {@code (history 2026-12-05T08:01:02Z) alice : hi}. */
    public String history(History.Line line) {
        return text("chat.history", Instant.ofEpochMilli(line.millis()).truncatedTo(ChronoUnit.SECONDS).toString(), line.text());
    }

    /** Why a ban or mute holds and for how long yet: {@code spam (4m12s left)}. */
    public String sanction(Sanctions.Sanction sanction, long nowMillis) {
        String reason = sanction.reason() == null || sanction.reason().isBlank() ? text("sanction.no-reason") : sanction.reason();
        long seconds = Math.max(1, (sanction.untilMillis() - nowMillis + 999) / 1000); // rounded up: "5m left" when just set
        return text("sanction.left", reason, duration(Duration.ofSeconds(seconds)));
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
