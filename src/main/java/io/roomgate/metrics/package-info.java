/**
 * RoomgateMetrics: the Micrometer/Prometheus registry and every roomgate_* meter.
 * Depends on auth, protocol and rooms (to gauge them); never on ws or api.
 */
package io.roomgate.metrics;
