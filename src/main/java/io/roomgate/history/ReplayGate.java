package io.roomgate.history;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Holds a joining connection's live messages of one room until its {@code room:joined} and replay
 * are queued, then lets through those the replay did not already cover: the replay comes first,
 * nothing comes twice, nothing is skipped.
 */
public final class ReplayGate {

    /** Null once open. */
    private List<Held> held = new ArrayList<>();

    /** @return false when the gate is open: the caller sends {@code frame} itself */
    public synchronized boolean hold(Kept message, String frame) {
        if (held == null) {
            return false;
        }
        held.add(new Held(message, frame));
        return true;
    }

    /**
     * Sends {@code replay}, then every held message after {@code position} (of another epoch: all of
     * them, the room's history having started over meanwhile; {@code position} null: every one, the
     * room's position being unknown), and opens.
     */
    public synchronized void open(Position position, List<Kept> replay, Consumer<String> send) {
        if (held == null) {
            return;
        }
        replay.forEach(message -> send.accept(message.frame()));
        for (Held live : held) {
            if (position == null || !live.message().epoch().equals(position.epoch())
                    || live.message().offset() > position.offset()) {
                send.accept(live.frame());
            }
        }
        held = null;
    }

    private record Held(Kept message, String frame) {
    }
}
