package dev.netservices.chat.admin;

import java.util.stream.Collectors;

import dev.netservices.common.admin.RequestBodyLimit;
import tools.jackson.core.JacksonException;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A request body that could not be read, for every admin endpoint alike: one cut off at
 * {@code chat.admin.max-body-size} (sent chunked, so {@link RequestBodyLimit} could only stop it while it was read)
 * is {@code 413} naming the limit; any other (not JSON, a field of the wrong type, a number past an {@code int}) is
 * {@code 400} naming the field when there is one. Written once here, not per controller, so that no endpoint falls
 * back to Spring's bare "Failed to read request".
 */
@Order(Ordered.HIGHEST_PRECEDENCE) // before Boot's ProblemDetailsExceptionHandler, which would answer first
@RestControllerAdvice(assignableTypes = {AdminController.class, RoomsController.class})
class AdminBodyErrors {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
        if (cause instanceof RequestBodyLimit.TooLarge tooLarge) {
            return AdminController.problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
                    tooLarge.detail("The request body is longer"));
        }
        String field = e.getCause() instanceof JacksonException json ? json.getPath().stream()
                .map(step -> step.getPropertyName() != null ? step.getPropertyName() : "[" + step.getIndex() + "]")
                .collect(Collectors.joining(".")) : "";
        return AdminController.problem(HttpStatus.BAD_REQUEST, "Unreadable request body", field.isEmpty()
                ? "The request body could not be read as sent."
                : "The field \"" + field + "\" could not be read as sent: it has the wrong type, or a number too large.");
    }
}
