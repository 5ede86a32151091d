package io.roomgate.history;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Holds a joining connection's live messages of one room until its {@code room:joined} and replay
 * are queued, then lets through those the replay did not already cover: the replay comes first,
 * nothing comes twice, nothing is skipped. It keeps filtering once open: a message read into the
 * replay may still be on its way live (appended, not yet delivered; in a cluster, published, not
 * yet received).
 */
public final class ReplayGate {

    /** Null once open. */
    private List<Held> held = new ArrayList<>();
    /** Set on opening: what the connection was told it has (null: unknown, nothing is filtered). */
    private Position position;

    /** @return true when the gate takes the message (held, or already sent): the caller sends nothing */
    public synchronized boolean takes(Kept message, String frame) {
        if (held == null) {
            return covered(message);
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
        this.position = position;
        replay.forEach(message -> send.accept(message.frame()));
        for (Held live : held) {
            if (!covered(live.message())) {
                send.accept(live.frame());
            }
        }
        held = null;
    }

    /** At or before the position the connection was given, under its epoch. */
    private boolean covered(Kept message) {
        return position != null && message.epoch().equals(position.epoch()) && message.offset() <= position.offset();
    }

    private record Held(Kept message, String frame) {
    }
}
