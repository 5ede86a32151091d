package io.roomgate.api;

/** A request the API cannot use because of {@code field}, the member (or "body") a caller has to fix. */
final class InvalidRequest extends Exception {

    private final String field;

    InvalidRequest(String field) {
        super(null, null, false, false);
        this.field = field;
    }

    String field() {
        return field;
    }
}
