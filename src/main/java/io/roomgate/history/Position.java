package io.roomgate.history;

/** Where a room's history stands: its epoch and its latest offset (0 before its first message). */
public record Position(String epoch, long offset) {
}
