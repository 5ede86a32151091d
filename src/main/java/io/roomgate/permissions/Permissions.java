package io.roomgate.permissions;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a connection may do room by room (PROTOCOL §10), compiled once from its token's
 * permissions claim. Without a claim a token may do what §2 and §2.1 allow ({@link #UNRESTRICTED}),
 * or nothing at all when the claim is required ({@link #NOTHING}).
 */
public final class Permissions {

    /** No claim: every room may be joined and sent to; kicking is the moderating roles' alone. */
    public static final Permissions UNRESTRICTED = new Permissions(null, true, RoomPatterns.EVERY, RoomPatterns.EVERY,
            RoomPatterns.NONE);
    /** No claim where one is required: nothing in any room, whatever the roles. */
    public static final Permissions NOTHING = new Permissions(null, false, RoomPatterns.NONE, RoomPatterns.NONE,
            RoomPatterns.NONE);

    /** The claim's strings in the token's order; null without a claim. */
    private final List<String> claimed;
    private final boolean rolesMayKick;
    private final RoomPatterns join;
    private final RoomPatterns send;
    private final RoomPatterns kick;

    private Permissions(List<String> claimed, boolean rolesMayKick, RoomPatterns join, RoomPatterns send, RoomPatterns kick) {
        this.claimed = claimed;
        this.rolesMayKick = rolesMayKick;
        this.join = join;
        this.send = send;
        this.kick = kick;
    }

    /**
     * Compiles a claim's value: a JSON array (as the JWT library hands it over, a {@link List}) of
     * {@code ACTION:PATTERN} strings.
     */
    public static Permissions fromClaim(Object claim) throws MalformedPermissionsException {
        if (!(claim instanceof List<?> entries)) {
            throw new MalformedPermissionsException();
        }
        Map<Action, RoomPatterns.Builder> patterns = new EnumMap<>(Action.class);
        for (Action action : Action.values()) {
            patterns.put(action, new RoomPatterns.Builder());
        }
        var claimed = new ArrayList<String>(entries.size());
        for (Object entry : entries) {
            if (!(entry instanceof String permission)) {
                throw new MalformedPermissionsException();
            }
            // the action ends at the first colon; room names may hold colons themselves
            int colon = permission.indexOf(':');
            var action = colon < 0 ? Optional.<Action>empty() : Action.named(permission.substring(0, colon));
            if (action.isEmpty()) {
                throw new MalformedPermissionsException();
            }
            patterns.get(action.get()).add(permission.substring(colon + 1));
            claimed.add(permission);
        }
        return new Permissions(List.copyOf(claimed), true, patterns.get(Action.JOIN).build(),
                patterns.get(Action.SEND).build(), patterns.get(Action.KICK).build());
    }

    /** For {@code hub:connected.permissions}: the claim as the token had it, empty when it had none. */
    public Optional<List<String>> claimed() {
        return Optional.ofNullable(claimed);
    }

    public boolean mayJoin(String room) {
        return join.matches(room);
    }

    public boolean maySend(String room) {
        return send.matches(room);
    }

    /**
     * A moderating role (as §2.1 counts them) or a matching {@code kick} permission. Who may be
     * kicked is §2.1's rule, not this one's: a permission never makes its holder an admin.
     */
    public boolean mayKick(String room, boolean moderatingRole) {
        return (moderatingRole && rolesMayKick) || kick.matches(room);
    }
}
