package io.roomgate.auth;

/**
 * Whether a JWS part is base64url exactly as RFC 7515 writes it: the URL-safe alphabet only, no
 * padding, no impossible length, and zero bits where the last character has bits to spare. Only
 * then does one token have one spelling. A character scan: no decoding.
 */
final class CanonicalBase64Url {

    private CanonicalBase64Url() {
    }

    static boolean isCanonical(String part) {
        int length = part.length();
        int rest = length % 4;
        if (rest == 1) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (value(part.charAt(i)) < 0) {
                return false;
            }
        }
        if (rest == 0) {
            return true;
        }
        // 2 characters carry one byte (4 spare bits), 3 carry two bytes (2 spare bits)
        int spareBits = rest == 2 ? 4 : 2;
        return (value(part.charAt(length - 1)) & ((1 << spareBits) - 1)) == 0;
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        return c == '_' ? 63 : -1;
    }
}
