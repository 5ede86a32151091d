package io.roomgate.history;

import java.util.concurrent.ThreadLocalRandom;
import java.util.Base64;

/**
 * New epochs: 72 random bits, so no epoch a client remembers comes back after its history was lost.
 * Nothing secret rides on them (a client is told its room's epoch): a fast generator does.
 */
public final class Epochs {

    private Epochs() {
    }

    public static String next() {
        byte[] bytes = new byte[9];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
