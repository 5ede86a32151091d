package io.roomgate.api;

import io.roomgate.config.Settings;
import io.roomgate.protocol.FrameEncoder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bounds what an API call's body may make the server hold: the resources take their bodies as
 * strings, read whole before they are looked at, and any valid token gets this far. A declared
 * length over the bound is refused unread (413, {@code Malformed request}); a body without one is
 * cut just past the bound, which the resource then refuses as too long or unparsable (400).
 */
@Provider
@BearerAuthenticated
@Priority(Priorities.ENTITY_CODER)
@ApplicationScoped
public class BodyLimit implements ContainerRequestFilter {

    /** Room for any body the resources accept: four UTF-8 bytes for each character they allow. */
    private static final int BYTES_PER_CHARACTER = 4;
    private static final int PAYLOAD_TOO_LARGE = 413;

    private long maxBytes;
    private ApiProblem problems;

    /** For the CDI proxy, and public because RESTEasy (WildFly) insists on a public constructor it can call. */
    public BodyLimit() {
    }

    @Inject
    public BodyLimit(Settings settings, FrameEncoder encoder) {
        this.maxBytes = (long) BYTES_PER_CHARACTER * Math.max(settings.limits().frameBytes(), JsonBody.MAX_SMALL_BODY_CHARS);
        this.problems = new ApiProblem(encoder);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && exceeds(declared)) {
            request.abortWith(problems.ofStatus(PAYLOAD_TOO_LARGE));
            return;
        }
        request.setEntityStream(new Capped(request.getEntityStream(), maxBytes + 1));
    }

    private boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false; // the container judges its own header
        }
    }

    /** Ends after {@code left} bytes, whatever follows. */
    private static final class Capped extends FilterInputStream {
        private long left;

        Capped(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
