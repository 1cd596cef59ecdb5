package dev.netservices.web.http2;

import dev.netservices.web.http.Request;

/**
 * The characters a {@code :path} may hold, as the HTTP/1.1 parser allows them in a request target: no
 * control characters, spaces, non-ASCII or {@code #} (a 400, as over HTTP/1.1), and origin-form or {@code *}.
 */
final class TargetSyntax {

    private TargetSyntax() {
    }

    static boolean isValid(Request request) {
        String target = request.target();
        if (request.method().equals("CONNECT")) {
            return true;
        }
        if (!target.startsWith("/") && !(target.equals("*") && request.method().equals("OPTIONS"))) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '#') {
                return false;
            }
        }
        return true;
    }
}
