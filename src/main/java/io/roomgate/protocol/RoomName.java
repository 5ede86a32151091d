package io.roomgate.protocol;

import java.util.regex.Pattern;

/** PROTOCOL §2: 1–128 characters of A-Z a-z 0-9 . _ : @ -, case-sensitive. */
public final class RoomName {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private RoomName() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }
}
