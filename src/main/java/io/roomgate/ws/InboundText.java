package io.roomgate.ws;

import io.roomgate.protocol.Utf8;

/**
 * Reassembles a text message from its parts while counting its UTF-8 size, so an oversized
 * frame is refused as soon as it crosses the limit instead of after it was buffered whole.
 */
final class InboundText {

    private final int maxBytes;
    private final StringBuilder buffer = new StringBuilder();
    private long bytes;

    InboundText(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** @return false when the message has grown past the limit */
    boolean append(String part) {
        bytes += Utf8.length(part);
        if (bytes > maxBytes) {
            buffer.setLength(0);
            return false;
        }
        buffer.append(part);
        return true;
    }

    /** The UTF-8 size of the message being assembled: whole once its last part was appended. */
    long size() {
        return bytes;
    }

    String take() {
        String text = buffer.toString();
        buffer.setLength(0);
        bytes = 0;
        return text;
    }
}
