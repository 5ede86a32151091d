/**
 * The wire vocabulary of PROTOCOL.md: frame records, their JSON decoder and encoder, frame types, fixed errors, closes, room names.
 * The bottom layer: depends on no other Roomgate package.
 */
package io.roomgate.protocol;
