/**
 * RoomRegistry: rooms, members and presence, users' connections, moderation.
 * Depends on auth (identities), config, permissions, protocol, transport and cluster; never on ws or api.
 */
package io.roomgate.rooms;
