package dev.netservices.chat.admin;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import dev.netservices.chat.room.Announcement.Refused;
import dev.netservices.chat.room.Announcement.Sent;
import dev.netservices.chat.room.MemberView;
import dev.netservices.chat.room.Moderation;
import dev.netservices.chat.room.Sends;
import dev.netservices.chat.udp.SideEntry;
import dev.netservices.common.admin.RequestBodyLimit;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin's side of the room: announce to everyone, list members, remove one. The room decides
 * ({@link Moderation}); what it sends enters the datagram flow through the {@link SideEntry}.
 */
@RestController
@RequestMapping("/api/chat")
class AdminController {

    private final Moderation moderation;
    private final SideEntry sideEntry;

    AdminController(Moderation moderation, SideEntry sideEntry) {
        this.moderation = moderation;
        this.sideEntry = sideEntry;
    }

    /** {@code {"message": "..."}}. */
    @PostMapping(path = "/broadcast", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> broadcastJson(@RequestBody Announcement announcement) {
        return broadcast(announcement.message());
    }

    /** The announcement as the whole plain-text body: {@code curl --data-binary 'text'}. */
    @PostMapping(path = "/broadcast", consumes = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<?> broadcastText(@RequestBody(required = false) String message) {
        return broadcast(message);
    }

    private ResponseEntity<?> broadcast(String message) {
        return switch (moderation.announce(message)) {
            case Sent sent -> {
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

    @DeleteMapping("/members/{name}")
    ResponseEntity<?> remove(@PathVariable String name) {
        Optional<Sends> removed = moderation.remove(name);
        if (removed.isPresent()) {
            sideEntry.send(removed.get());
            return ResponseEntity.noContent().build();
        }
        return problem(HttpStatus.NOT_FOUND, "No such member", "Nobody in the room is called " + name + ".");
    }

    /** A body past {@code chat.admin.max-body-size} sent without a length shows up here, cut off by {@link RequestBodyLimit}. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        if (NestedExceptionUtils.getMostSpecificCause(e) instanceof RequestBodyLimit.TooLarge tooLarge) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
                    tooLarge.detail("The request body is longer"));
        }
        return problem(HttpStatus.BAD_REQUEST, "Unreadable request body", "The request body could not be read as sent.");
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
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
