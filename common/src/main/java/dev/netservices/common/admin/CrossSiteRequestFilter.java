package dev.netservices.common.admin;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses requests a browser sends on behalf of another site, whatever their method and body. A browser that has
 * answered the admin's Basic-auth prompt attaches those credentials to any request to this origin, including a
 * cross-site {@code <form>} POST; so the credentials alone do not show that the admin meant the request.
 *
 * <p>Browsers say where a request comes from: {@code Sec-Fetch-Site} (anything but {@code same-origin} or
 * {@code none} is refused) and {@code Origin} (refused unless it is this server's own scheme, host and port).
 * curl and scripts send neither and pass. Runs before authentication, so a forged request costs no password check.
 * The public requests (health, info, ...) are not filtered: they carry nothing to forge.
 */
final class CrossSiteRequestFilter extends OncePerRequestFilter {

    private final RequestMatcher publicRequests;

    CrossSiteRequestFilter(RequestMatcher publicRequests) {
        this.publicRequests = publicRequests;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return publicRequests.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            refuse(response, "The browser marked this request Sec-Fetch-Site: " + printable(site) + ".");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !isSameOrigin(origin, request)) {
            refuse(response, "The request comes from the page of another origin (" + printable(origin) + ").");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isSameOrigin(String origin, HttpServletRequest request) {
        try {
            URI uri = new URI(origin);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return false; // "null" (sandboxed page, file:) is never this server
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
            return scheme.equalsIgnoreCase(request.getScheme()) && uri.getHost().equalsIgnoreCase(request.getServerName())
                    && port == request.getServerPort();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void refuse(HttpServletResponse response, String detail) throws IOException {
        AdminProblem.write(response, HttpServletResponse.SC_FORBIDDEN, "Cross-site request refused",
                detail + " The admin's endpoints answer only requests made directly (curl, scripts) or from its own origin.");
    }

    /** At most 100 printable ASCII characters of a header, for the reply. */
    private static String printable(String header) {
        String cut = header.length() > 100 ? header.substring(0, 100) : header;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
