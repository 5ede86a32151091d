package io.roomgate.rooms;

import io.roomgate.protocol.Problem;
import java.util.Map;

/** A room operation the registry refused; becomes a hub:error reply. */
public final class Refusal extends Exception {

    private final transient Problem problem;
    private final transient Map<String, Object> details;

    public Refusal(Problem problem) {
        this(problem, Map.of());
    }

    public Refusal(Problem problem, Map<String, Object> details) {
        super(problem.message(), null, false, false);
        this.problem = problem;
        this.details = Map.copyOf(details);
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** PROTOCOL §10: judged before membership, bans and limits. */
    static void requirePermission(boolean allowed) throws Refusal {
        if (!allowed) {
            throw new Refusal(Problem.INSUFFICIENT_PERMISSIONS);
        }
    }

    static void requireMember(Peer peer, RoomKey key) throws Refusal {
        if (!peer.rooms().contains(key.name())) {
            throw new Refusal(Problem.NOT_A_MEMBER);
        }
    }
}
