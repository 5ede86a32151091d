package io.roomgate.load;

import io.roomgate.testing.Tokens;

/** The driver's tokens against an in-process server: the tests' own, and forged ones with their signature spoilt. */
final class TestTokenSource implements TokenSource {

    @Override
    public String valid(String userId) {
        return Tokens.user(userId);
    }

    @Override
    public String forged(String userId) {
        String token = Tokens.user(userId);
        return token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
    }
}
