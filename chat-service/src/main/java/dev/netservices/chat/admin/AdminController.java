package dev.netservices.chat.admin;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.chat.room.Announcement.Refused;
import dev.netservices.chat.room.Announcement.Sent;
import dev.netservices.chat.room.MemberView;
import dev.netservices.chat.room.Moderation;
import dev.netservices.chat.room.Sends;
import dev.netservices.chat.udp.SideEntry;
import dev.netservices.common.text.InvalidUtf8Exception;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin's side of the room: announce to everyone, list members, remove one (with a reason). The room decides
 * ({@link Moderation}); what it sends enters the datagram flow through the {@link SideEntry}. Every action that
 * changes something is logged at INFO with the admin's name and what was done (rooms, bans and mutes:
 * {@link RoomsController}).
 */
@RestController
@RequestMapping("/api/chat")
class AdminController {

    private static final Logger log = LoggerFactory.getLogger(AdminController.class);

    private final Moderation moderation;
    private final SideEntry sideEntry;

    AdminController(Moderation moderation, SideEntry sideEntry) {
        this.moderation = moderation;
        this.sideEntry = sideEntry;
    }

    /** {@code {"message": "..."}}. */
    @PostMapping(path = "/broadcast", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> broadcastJson(@RequestBody Announcement announcement, Principal admin) {
        return broadcast(announcement.message(), admin);
    }

    /** The announcement as the whole plain-text body: {@code curl --data-binary 'text'}. */
    @PostMapping(path = "/broadcast", consumes = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<?> broadcastText(@RequestBody(required = false) byte[] body,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType type, Principal admin) {
        try {
            return broadcast(AdminRequests.plainText(body, type), admin);
        } catch (InvalidUtf8Exception e) {
            return problem(HttpStatus.BAD_REQUEST, "Announcement is not valid text", AdminRequests.notText(e));
        }
    }

    private ResponseEntity<?> broadcast(String message, Principal admin) {
        return switch (moderation.announce(message)) {
            case Sent sent -> {
                log.info("admin {} announced to every room: {}", admin.getName(), message);
                sideEntry.send(sent.sends());
                yield ResponseEntity.ok(new Broadcast(sent.recipients()));
            }
            case Refused refused -> problem(HttpStatus.BAD_REQUEST, refused.rule().title(), refused.detail());
        };
    }

    @GetMapping("/members")
    List<MemberView> members() {
        return moderation.members();
    }

    /** {@code ?reason=...} (optional, one line) is told to the member removed. */
    @DeleteMapping("/members/{name}")
    ResponseEntity<?> remove(@PathVariable String name, @RequestParam(required = false) String reason, Principal admin) {
        if (reason != null && AdminRequests.badText(reason) != null) {
            return problem(HttpStatus.BAD_REQUEST, "Bad reason", AdminRequests.badText(reason));
        }
        Optional<Sends> removed = moderation.remove(name, reason);
        if (removed.isPresent()) {
            log.info("admin {} removed member {}{}", admin.getName(), name, reason == null ? "" : " (reason: " + reason + ")");
            sideEntry.send(removed.get());
            return ResponseEntity.noContent().build();
        }
        return problem(HttpStatus.NOT_FOUND, "No such member", "Nobody in the room is called " + name + ".");
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("about:blank"));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Request body of {@code POST /api/chat/broadcast} as JSON. */
    record Announcement(String message) {
    }

    /** How many members were sent the announcement. */
    record Broadcast(int recipients) {
    }
}
