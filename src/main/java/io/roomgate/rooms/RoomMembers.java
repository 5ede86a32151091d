package io.roomgate.rooms;

import io.roomgate.protocol.Payloads.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A room's users, kept sorted by userId in code-point order as they come and go, each with the
 * number of its connections in the room: a join or leave costs O(log n), a page of the first
 * {@code limit} users after some userId O(log n + limit), whatever the room's size. Changed by one
 * thread at a time (the registry's per-room section); paged concurrently with the changes.
 */
final class RoomMembers {

    private final ConcurrentSkipListMap<String, Presence> byUserId = new ConcurrentSkipListMap<>(CodePointOrder.INSTANCE);
    /** The map's own size() walks it. */
    private volatile int count;

    /** @return true when this is the user's first connection (a presence change) */
    boolean add(Member member) {
        Presence present = byUserId.get(member.userId());
        byUserId.put(member.userId(), new Presence(present == null ? member : present.member(),
                present == null ? 1 : present.connections() + 1));
        if (present == null) {
            count++;
        }
        return present == null;
    }

    /** @return true when this was the user's last connection (a presence change) */
    boolean remove(String userId) {
        Presence present = byUserId.get(userId);
        if (present == null) {
            return false;
        }
        if (present.connections() > 1) {
            byUserId.put(userId, new Presence(present.member(), present.connections() - 1));
            return false;
        }
        byUserId.remove(userId);
        count--;
        return true;
    }

    int count() {
        return count;
    }

    /** At most {@code limit} users, from the first one sorting after {@code after} (the first of all without it). */
    MemberPage page(Optional<String> after, int limit) {
        NavigableMap<String, Presence> rest = after.map(userId -> byUserId.tailMap(userId, false)).orElse(byUserId);
        var members = new ArrayList<Member>();
        boolean truncated = false;
        for (Presence presence : rest.values()) {
            if (members.size() == limit) {
                truncated = true;
                break;
            }
            members.add(presence.member());
        }
        return new MemberPage(List.copyOf(members), count, truncated);
    }

    /** The member as its first connection here named it, and how many of its connections are here. */
    private record Presence(Member member, int connections) {
    }
}
