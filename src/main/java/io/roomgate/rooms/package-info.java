/**
 * RoomRegistry: rooms, members and presence, users' connections, moderation, the per-socket outbox.
 * Depends on auth (identities), config, permissions, protocol and cluster; never on ws or api.
 */
package io.roomgate.rooms;
