package io.roomgate.ws;

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
        bytes += utf8Length(part);
        if (bytes > maxBytes) {
            buffer.setLength(0);
            return false;
        }
        buffer.append(part);
        return true;
    }

    String take() {
        String text = buffer.toString();
        buffer.setLength(0);
        bytes = 0;
        return text;
    }

    private static long utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                // the pair's 4 bytes are counted here, so a pair split across parts counts once
                length += 4;
            } else if (!Character.isLowSurrogate(c)) {
                length += 3;
            }
        }
        return length;
    }
}
