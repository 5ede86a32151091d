package io.roomgate.rooms;

import io.roomgate.history.Position;
import io.roomgate.protocol.Payloads;
import io.roomgate.protocol.Payloads.Member;
import java.util.List;

/**
 * One page of a room's users in code-point order of userId (PROTOCOL §2.0): {@code count} is the
 * whole room's, {@code truncated} says users sort after the last one listed.
 */
public record MemberPage(List<Member> members, int count, boolean truncated) {

    public static final MemberPage EMPTY = new MemberPage(List.of(), 0, false);

    /** With the room's history {@code position} (null: history off) and whether the join {@code recovered} (null: not asked). */
    public Payloads.Joined joined(String room, Position position, Boolean recovered) {
        return new Payloads.Joined(room, members, count, truncatedField(), position == null ? null : position.epoch(),
                position == null ? null : position.offset(), recovered);
    }

    public Payloads.PresenceSnapshot snapshot(String room) {
        return new Payloads.PresenceSnapshot(room, members, count, truncatedField());
    }

    /** {@code truncated} is on the wire only when true: a null field is left out. */
    private Boolean truncatedField() {
        return truncated ? Boolean.TRUE : null;
    }
}
