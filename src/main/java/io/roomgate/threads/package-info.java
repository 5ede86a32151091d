/**
 * Where Roomgate's own threads come from: the server's managed thread factory, or daemon threads
 * outside a server. Depends on nothing of Roomgate.
 */
package io.roomgate.threads;
