package io.roomgate.load;

/** Tokens for the driver's simulated users: ones the server accepts, and ones signed with the wrong key. */
public interface TokenSource {

    String valid(String userId);

    String forged(String userId);
}
