package dev.netservices.chat.admin;

import java.net.InetAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.chat.room.Announcement.Refused;
import dev.netservices.chat.room.Announcement.Sent;
import dev.netservices.chat.room.Member;
import dev.netservices.chat.room.Moderation;
import dev.netservices.chat.room.RoomName;
import dev.netservices.chat.room.Sanctions.Kind;
import dev.netservices.chat.room.Sanctions.Sanction;
import dev.netservices.chat.udp.SideEntry;
import dev.netservices.common.text.InvalidUtf8Exception;
import dev.netservices.common.time.ServiceClock;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin's rooms, bans and mutes: broadcast to one room, list rooms, ban a name or an address for some minutes,
 * mute a name, list and lift them. Same authentication and cross-site rules as the rest of the API. Every change is
 * logged at INFO with the admin's name and what was done. With the cluster on, bans and mutes are in Redis: while it
 * cannot be reached they are answered 503, never set on one node only.
 */
@RestController
@RequestMapping("/api/chat")
class RoomsController {

    private static final Logger log = LoggerFactory.getLogger(RoomsController.class);

    private final Moderation moderation;
    private final SideEntry sideEntry;
    private final ServiceClock clock;

    RoomsController(Moderation moderation, SideEntry sideEntry, ServiceClock clock) {
        this.moderation = moderation;
        this.sideEntry = sideEntry;
        this.clock = clock;
    }

    @GetMapping("/rooms")
    List<RoomCount> rooms() {
        List<RoomCount> rooms = new ArrayList<>();
        moderation.rooms().forEach((room, members) -> rooms.add(new RoomCount(room, members)));
        return rooms;
    }

    /** {@code {room}} without its {@code #}; the body as {@code POST /broadcast}'s: JSON {@code {"message": ...}}. */
    @PostMapping(path = "/rooms/{room}/broadcast", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> broadcastJson(@PathVariable String room, @RequestBody AdminController.Announcement body, Principal admin) {
        return broadcast(room, body.message(), admin);
    }

    /** The announcement as the whole plain-text body. */
    @PostMapping(path = "/rooms/{room}/broadcast", consumes = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<?> broadcastText(@PathVariable String room, @RequestBody(required = false) byte[] body,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType type, Principal admin) {
        try {
            return broadcast(room, AdminRequests.plainText(body, type), admin);
        } catch (InvalidUtf8Exception e) {
            return AdminController.problem(HttpStatus.BAD_REQUEST, "Announcement is not valid text", AdminRequests.notText(e));
        }
    }

    private ResponseEntity<?> broadcast(String written, String message, Principal admin) {
        Optional<RoomName> room = RoomName.of("#" + written);
        if (room.isEmpty()) {
            return AdminController.problem(HttpStatus.BAD_REQUEST, "Bad room name",
                    "A room is named by 1 to 32 letters, digits, _ or - (written without its #).");
        }
        return switch (moderation.announce(room.get(), message)) {
            case Sent sent -> {
                log.info("admin {} announced to {}: {}", admin.getName(), room.get(), message);
                sideEntry.send(sent.sends());
                yield ResponseEntity.ok(new AdminController.Broadcast(sent.recipients()));
            }
            case Refused refused -> AdminController.problem(HttpStatus.BAD_REQUEST, refused.rule().title(), refused.detail());
        };
    }

    @PostMapping(path = "/bans", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> ban(@RequestBody SanctionRequest request, Principal admin) {
        boolean byName = request.name() != null;
        if (byName == (request.address() != null)) {
            return badRequest("A ban names either a \"name\" or an \"address\", not both and not neither.");
        }
        return byName ? set(Kind.NAME_BAN, request, admin) : setAddressBan(request, admin);
    }

    @GetMapping("/bans")
    List<SanctionView> bans() {
        return views(List.of(Kind.NAME_BAN, Kind.ADDRESS_BAN));
    }

    @DeleteMapping("/bans/name/{name}")
    ResponseEntity<?> unbanName(@PathVariable String name, Principal admin) {
        return lift(Kind.NAME_BAN, Member.keyOf(name), name, admin);
    }

    @DeleteMapping("/bans/address/{address}")
    ResponseEntity<?> unbanAddress(@PathVariable String address, Principal admin) {
        InetAddress parsed = AdminRequests.address(address);
        if (parsed == null) {
            return badRequest("Not an IP address: " + address);
        }
        return lift(Kind.ADDRESS_BAN, parsed.getHostAddress(), address, admin);
    }

    @PostMapping(path = "/mutes", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> mute(@RequestBody SanctionRequest request, Principal admin) {
        if (request.name() == null || request.address() != null) {
            return badRequest("A mute names a member: {\"name\": ..., \"minutes\": ...}.");
        }
        return set(Kind.MUTE, request, admin);
    }

    /** Each mute with the IP addresses it holds on besides the name. */
    @GetMapping("/mutes")
    List<MuteView> mutes() {
        List<Sanction> all = moderation.sanctions(List.of(Kind.MUTE, Kind.MUTE_ADDRESS));
        return all.stream().filter(mute -> mute.kind() == Kind.MUTE).map(mute -> new MuteView(mute.shown(),
                all.stream().filter(part -> part.kind() == Kind.MUTE_ADDRESS && part.mutedName().equals(mute.target()))
                        .map(Sanction::address).toList(), mute.reason(), Instant.ofEpochMilli(mute.untilMillis()), mute.by()))
                .toList();
    }

    @DeleteMapping("/mutes/{name}")
    ResponseEntity<?> unmute(@PathVariable String name, Principal admin) {
        return lift(Kind.MUTE, Member.keyOf(name), name, admin);
    }

    private ResponseEntity<?> setAddressBan(SanctionRequest request, Principal admin) {
        InetAddress address = AdminRequests.address(request.address());
        if (address == null) {
            return badRequest("Not an IP address (an IPv4 or IPv6 literal): " + request.address());
        }
        return set(Kind.ADDRESS_BAN, new SanctionRequest(null, address.getHostAddress(), request.minutes(), request.reason()), admin);
    }

    private ResponseEntity<?> set(Kind kind, SanctionRequest request, Principal admin) {
        String problem = problem(kind, request);
        if (problem != null) {
            return badRequest(problem);
        }
        String shown = kind == Kind.ADDRESS_BAN ? request.address() : request.name();
        String target = kind == Kind.ADDRESS_BAN ? request.address() : Member.keyOf(request.name());
        long until = clock.currentTimeMillis() + request.minutes() * 60_000L;
        Sanction sanction = new Sanction(kind, target, shown, request.reason() == null ? "" : request.reason(), until, admin.getName());
        sideEntry.send(moderation.sanction(sanction));
        log.info("admin {} set {} on {} for {} minute(s){}", admin.getName(), word(kind), shown, request.minutes(),
                sanction.reason().isEmpty() ? "" : " (reason: " + sanction.reason() + ")");
        String path = switch (kind) {
            case NAME_BAN -> "/api/chat/bans/name/";
            case ADDRESS_BAN -> "/api/chat/bans/address/";
            case MUTE, MUTE_ADDRESS -> "/api/chat/mutes/";
        };
        Object body = kind != Kind.MUTE ? SanctionView.of(sanction)
                : mutes().stream().filter(mute -> Member.keyOf(mute.name()).equals(target)).findFirst().orElse(null);
        return ResponseEntity.created(URI.create(path + shown)).body(body);
    }

    private static String problem(Kind kind, SanctionRequest request) {
        if (kind != Kind.ADDRESS_BAN && !Member.isValidName(request.name())) {
            return "Not a member name (1 to 32 letters, digits, _ or -): " + request.name();
        }
        if (request.minutes() == null || request.minutes() < 1 || request.minutes() > AdminRequests.MAX_MINUTES) {
            return "\"minutes\" is required: 1 to " + AdminRequests.MAX_MINUTES + " (a year).";
        }
        return request.reason() == null ? null : AdminRequests.badText(request.reason());
    }

    private ResponseEntity<?> lift(Kind kind, String target, String shown, Principal admin) {
        if (!moderation.lift(kind, target)) {
            return AdminController.problem(HttpStatus.NOT_FOUND, "No such " + word(kind), "No " + word(kind) + " on " + shown + " is in force.");
        }
        log.info("admin {} lifted {} on {}", admin.getName(), word(kind), shown);
        return ResponseEntity.noContent().build();
    }

    private List<SanctionView> views(List<Kind> kinds) {
        return moderation.sanctions(kinds).stream().map(SanctionView::of).toList();
    }

    private static String word(Kind kind) {
        return switch (kind) {
            case NAME_BAN, ADDRESS_BAN -> "ban";
            case MUTE, MUTE_ADDRESS -> "mute";
        };
    }

    private static ResponseEntity<?> badRequest(String detail) {
        return AdminController.problem(HttpStatus.BAD_REQUEST, "Bad ban or mute", detail);
    }

    /** Redis away with the cluster on: nothing was set or lifted. */
    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<?> unavailable(IllegalStateException e) {
        return AdminController.problem(HttpStatus.SERVICE_UNAVAILABLE, "Shared state unavailable", e.getMessage());
    }

    /** A room and how many members it has on every node. */
    record RoomCount(String room, int members) {
    }

    /** Body of {@code POST /bans} and {@code POST /mutes}. */
    record SanctionRequest(String name, String address, Integer minutes, String reason) {
    }

    /** A mute as the admin lists it: the name, and the IP addresses it holds on (those the member was heard from). */
    record MuteView(String name, List<String> addresses, String reason, Instant until, String by) {
    }

    /** A ban as the admin lists it. */
    record SanctionView(String name, String address, String reason, Instant until, String by) {

        static SanctionView of(Sanction sanction) {
            boolean address = sanction.kind() == Kind.ADDRESS_BAN;
            return new SanctionView(address ? null : sanction.shown(), address ? sanction.shown() : null, sanction.reason(),
                    Instant.ofEpochMilli(sanction.untilMillis()), sanction.by());
        }
    }
}
