package dev.netservices.common.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The answer to a URL Spring Security's firewall refuses ({@code /members/%2e%2e}, {@code /health;x=1}, an encoded
 * slash): a 400 saying why. Without it the refusal was thrown to the container, whose error dispatch then met the
 * same guard and answered 401 with an empty body, even to the admin with the right credentials. The detail is fixed
 * text: the refused part of the URL is the client's and is not echoed.
 */
final class RefusedUrlReply implements RequestRejectedHandler {

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException refused)
            throws IOException {
        AdminProblem.write(response, HttpServletResponse.SC_BAD_REQUEST, "URL refused",
                "the URL holds what this server refuses: an encoded dot, slash or percent sign, a semicolon, a"
                        + " backslash, a double slash or a control character");
    }
}
