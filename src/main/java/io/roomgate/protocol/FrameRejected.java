package io.roomgate.protocol;

/**
 * A client frame that could not become a command. {@code id} is the frame's own id when it was
 * valid, so the error can still be correlated; null when the id itself was the problem.
 */
public final class FrameRejected extends Exception {

    private final transient Problem problem;
    private final String id;

    public FrameRejected(Problem problem, String id) {
        super(problem.message(), null, false, false);
        this.problem = problem;
        this.id = id;
    }

    public Problem problem() {
        return problem;
    }

    public String id() {
        return id;
    }
}
