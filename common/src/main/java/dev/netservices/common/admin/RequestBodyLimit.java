package dev.netservices.common.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The largest request body a service's admin side reads ({@code <service>.admin.max-body-size}): a body read whole
 * into the heap must not be able to exhaust it (a 60 MB POST to chat's admin API once did). A declared
 * {@code Content-Length} past the limit is answered 413 before a byte of the body is read; a body without one
 * (chunked) is read through a counting stream that fails at the first byte past the limit, which the controller
 * answers 413 as well ({@link TooLarge}). Runs first, before authentication: it needs no credentials to be safe.
 */
public final class RequestBodyLimit extends OncePerRequestFilter {

    private final long maxBytes;
    private final String setting;

    RequestBodyLimit(long maxBytes, String setting) {
        this.maxBytes = maxBytes;
        this.setting = setting;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            response.setHeader("Connection", "close"); // the body is not read: do not wait for it
            AdminProblem.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Request body too large",
                    detail(maxBytes, setting, "The request declares %d bytes".formatted(declared)));
            return;
        }
        chain.doFilter(new Limited(request, maxBytes, setting), response);
    }

    private static String detail(long maxBytes, String setting, String what) {
        return "%s; at most %d bytes of a request body are read (%s).".formatted(what, maxBytes, setting);
    }

    /**
     * Thrown by the counting stream at the first byte past the limit; reaches the controller as an unreadable body,
     * which answers 413 with {@link #detail}.
     */
    public static final class TooLarge extends IOException {

        private final long maxBytes;
        private final String setting;

        TooLarge(long maxBytes, String setting) {
            super("request body larger than " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
            this.setting = setting;
        }

        /** The problem detail's text: {@code what} happened, and the limit with the setting that sets it. */
        public String detail(String what) {
            return RequestBodyLimit.detail(maxBytes, setting, what);
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long maxBytes;
        private final String setting;
        private ServletInputStream counted;

        Limited(HttpServletRequest request, long maxBytes, String setting) {
            super(request);
            this.maxBytes = maxBytes;
            this.setting = setting;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counted == null) {
                counted = new Counted(super.getInputStream(), maxBytes, setting);
            }
            return counted;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class Counted extends ServletInputStream {

        private final ServletInputStream body;
        private final long maxBytes;
        private final String setting;
        private long read;

        Counted(ServletInputStream body, long maxBytes, String setting) {
            this.body = body;
            this.maxBytes = maxBytes;
            this.setting = setting;
        }

        @Override
        public int read() throws IOException {
            int b = body.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = body.read(buffer, offset, (int) Math.min(length, maxBytes - read + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > maxBytes) {
                throw new TooLarge(maxBytes, setting);
            }
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }
    }
}
