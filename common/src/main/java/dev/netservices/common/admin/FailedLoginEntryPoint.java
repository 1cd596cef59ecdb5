package dev.netservices.common.admin;

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
 * address (never what was sent), and a mark on the request by which {@link LoginThrottleFilter} keeps the try it
 * took. Requests that sent no credentials get the same 401 without either.
 */
final class FailedLoginEntryPoint implements AuthenticationEntryPoint {

    private static final Logger log = LoggerFactory.getLogger(FailedLoginEntryPoint.class);
    private static final String FAILED = FailedLoginEntryPoint.class.getName() + ".failed";

    private final BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();

    FailedLoginEntryPoint(String realm) {
        basic.setRealmName(realm);
    }

    /** Whether this request's credentials were wrong. */
    static boolean failed(HttpServletRequest request) {
        return request.getAttribute(FAILED) != null;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        if (failure instanceof BadCredentialsException) {
            request.setAttribute(FAILED, Boolean.TRUE);
            log.warn("wrong admin credentials from {} for {} {}", request.getRemoteAddr(), request.getMethod(),
                    request.getRequestURI().replaceAll("[^\\x21-\\x7e]", "?"));
        }
        basic.commence(request, response, failure);
    }
}
