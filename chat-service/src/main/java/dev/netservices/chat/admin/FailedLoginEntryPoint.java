package dev.netservices.chat.admin;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;

/**
 * The 401 of Basic authentication, which also leaves a trace of wrong credentials: one WARN line with the source
 * address (never what was sent), and a try counted against the address ({@link FailedLoginThrottle}).
 * Requests that sent no credentials get the same 401 without either.
 */
final class FailedLoginEntryPoint implements AuthenticationEntryPoint {

    private static final Logger log = LoggerFactory.getLogger(FailedLoginEntryPoint.class);

    private final FailedLoginThrottle throttle;
    private final BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();

    FailedLoginEntryPoint(FailedLoginThrottle throttle) {
        this.throttle = throttle;
        basic.setRealmName("chat-service admin");
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        if (failure instanceof BadCredentialsException) {
            String address = request.getRemoteAddr();
            int left = throttle.failed(address);
            log.warn("wrong admin credentials from {} for {} {}; {} more before this address must wait",
                    address, request.getMethod(), request.getRequestURI().replaceAll("[^\\x21-\\x7e]", "?"), left);
        }
        basic.commence(request, response, failure);
    }
}
