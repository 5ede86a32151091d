/**
 * Each room's recent messages for recovery (PROTOCOL §8): offsets, epochs, a node's own bounded
 * history, and the gate that puts a joining connection's replay ahead of live messages.
 */
package io.roomgate.history;
