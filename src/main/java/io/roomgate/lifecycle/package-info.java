/**
 * Started/draining state and the drain on undeploy (1001 Server shutting down).
 * Depends on config, protocol, rooms and transport; ws and api ask it, never the reverse.
 */
package io.roomgate.lifecycle;
