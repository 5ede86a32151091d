package io.roomgate.protocol;

/**
 * The UTF-8 size of text without encoding it: PROTOCOL §5's limits are in bytes on the wire,
 * while Java holds frames as UTF-16.
 */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * A surrogate pair's 4 bytes are counted at its high half, so a pair split across the parts
     * of one message counts once; a lone low surrogate counts nothing.
     */
    public static int length(CharSequence text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
            } else if (!Character.isLowSurrogate(c)) {
                length += 3;
            }
        }
        return length;
    }
}
