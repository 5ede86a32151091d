package io.roomgate.rooms;

import io.roomgate.history.Kept;
import io.roomgate.history.Position;
import io.roomgate.history.ReplayGate;
import io.roomgate.protocol.Payloads;
import java.util.List;

/**
 * A join that succeeded, before its {@code room:joined} is sent (PROTOCOL §8): the reply's payload,
 * and what {@link #resume} sends right after it.
 *
 * @param position  the room's history position; null with history off (or the cluster's unreachable)
 * @param recovered null when the join asked for no recovery
 * @param replay    the messages the client missed, oldest first
 * @param gate      holds the connection's live messages of the room until {@link #resume}; null with history off
 */
public record Joining(Peer peer, MemberPage page, Position position, Boolean recovered, List<Kept> replay, ReplayGate gate) {

    public Payloads.Joined joined(String room) {
        return page.joined(room, position, recovered);
    }

    /** After the reply is queued: the replay, then the live messages it did not cover. */
    public void resume() {
        if (gate != null) {
            gate.open(position, replay, peer::send);
        }
    }
}
