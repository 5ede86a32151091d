package io.roomgate.permissions;

/** A permissions claim that breaks PROTOCOL §10's form: the token's claims are rejected. */
public final class MalformedPermissionsException extends Exception {

    MalformedPermissionsException() {
        // no message: nothing of the claim may reach a client or a log line
        super(null, null, false, false);
    }
}
