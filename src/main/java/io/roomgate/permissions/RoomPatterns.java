package io.roomgate.permissions;

import io.roomgate.protocol.RoomName;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rooms one action is allowed in: exact names, name prefixes ({@code team-42:*}) and every
 * room ({@code *}). Compiled once per token; matching is a set lookup and a few
 * {@code startsWith}, no regex and no allocation, since it runs for every {@code room:send}.
 */
record RoomPatterns(Set<String> names, List<String> prefixes, boolean everyRoom) {

    static final RoomPatterns NONE = new RoomPatterns(Set.of(), List.of(), false);
    static final RoomPatterns EVERY = new RoomPatterns(Set.of(), List.of(), true);

    private static final String WILDCARD = "*";

    RoomPatterns {
        names = Set.copyOf(names);
        prefixes = List.copyOf(prefixes);
    }

    boolean matches(String room) {
        if (everyRoom || names.contains(room)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (room.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Gathers one action's patterns from a claim, refusing any that is not a room name, a prefix or {@code *}. */
    static final class Builder {
        private final Set<String> names = new LinkedHashSet<>();
        private final Set<String> prefixes = new LinkedHashSet<>();
        private boolean everyRoom;

        void add(String pattern) throws MalformedPermissionsException {
            if (pattern.equals(WILDCARD)) {
                everyRoom = true;
            } else if (RoomName.isValid(pattern)) {
                names.add(pattern);
            } else if (pattern.endsWith(WILDCARD) && RoomName.isValid(pattern.substring(0, pattern.length() - 1))) {
                prefixes.add(pattern.substring(0, pattern.length() - 1));
            } else {
                throw new MalformedPermissionsException();
            }
        }

        RoomPatterns build() {
            return new RoomPatterns(names, List.copyOf(prefixes), everyRoom);
        }
    }
}
