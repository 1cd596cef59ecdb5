package dev.netservices.chat.admin;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.util.List;

import dev.netservices.chat.ChatProperties;
import dev.netservices.chat.room.Room;
import dev.netservices.chat.room.Room.MemberView;

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
import org.springframework.web.bind.annotation.RestController;

/** The admin's side of the room: announce to everyone, list members, remove one. */
@RestController
@RequestMapping("/api/chat")
class AdminController {

    private final Room room;
    private final int maxAnnouncementBytes;

    AdminController(Room room, ChatProperties properties) {
        this.room = room;
        this.maxAnnouncementBytes = properties.maxDatagramBytes();
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
        if (message == null || message.isBlank()) {
            return problem(HttpStatus.BAD_REQUEST, "Empty announcement", "The announcement has no text.");
        }
        int bytes = message.getBytes(UTF_8).length;
        if (bytes > maxAnnouncementBytes) {
            return problem(HttpStatus.BAD_REQUEST, "Announcement too long",
                    "The announcement has %d bytes of UTF-8; at most %d fit one datagram (chat.max-datagram-bytes)."
                            .formatted(bytes, maxAnnouncementBytes));
        }
        if (message.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            return problem(HttpStatus.BAD_REQUEST, "Control characters in announcement",
                    "An announcement is one line: control characters other than tab are not allowed.");
        }
        return ResponseEntity.ok(new Broadcast(room.announce(message)));
    }

    @GetMapping("/members")
    List<MemberView> members() {
        return room.members();
    }

    @DeleteMapping("/members/{name}")
    ResponseEntity<?> remove(@PathVariable String name) {
        if (room.remove(name)) {
            return ResponseEntity.noContent().build();
        }
        return problem(HttpStatus.NOT_FOUND, "No such member", "Nobody in the room is called " + name + ".");
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
