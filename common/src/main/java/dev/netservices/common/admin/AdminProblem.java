package dev.netservices.common.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/** An RFC 9457 problem written by a security filter, before any controller (and its ProblemDetail support) runs. */
final class AdminProblem {

    private AdminProblem() {
    }

    /** {@code detail} may quote a header, already cut to printable ASCII: quotes and backslashes are escaped. */
    static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\"}"
                .formatted(json(title), status, json(detail)));
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
