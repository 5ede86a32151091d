package io.roomgate.testing;

/**
 * The users the servers of the Arquillian suite know in their own realms (server-config/&lt;server&gt;/it),
 * for the session-to-token exchange, which the container authenticates.
 */
public final class ContainerUsers {

    /** In the container groups/roles {@code moderator} and {@code auditor} (not in roomgate.issuer.roles). */
    public static final User ALICE = new User("ws-alice", "alice-Secret-1");
    /** In the container group/role {@code user} only. */
    public static final User BOB = new User("ws-bob", "bob-Secret-2");

    public record User(String name, String password) {
    }

    private ContainerUsers() {
    }
}
