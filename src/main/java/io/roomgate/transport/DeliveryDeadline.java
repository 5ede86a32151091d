package io.roomgate.transport;

/**
 * The instant after which a connection's frames are dropped instead of sent: its credential's end,
 * kept by whoever keeps the credential's timeline. Asked on every frame, so it must be cheap.
 */
@FunctionalInterface
public interface DeliveryDeadline {

    /** For connections whose frames never stop: tests and tools. */
    DeliveryDeadline NONE = () -> false;

    boolean isPast();
}
