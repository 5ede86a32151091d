package io.roomgate.permissions;

import java.util.Locale;
import java.util.Optional;

/** What a permission lets its holder do in the rooms it names (PROTOCOL §10). */
enum Action {
    JOIN, SEND, KICK;

    /** The action a permission string names before its first colon; empty for any other text. */
    static Optional<Action> named(String wire) {
        for (Action action : values()) {
            if (action.name().toLowerCase(Locale.ROOT).equals(wire)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
