/**
 * AuditLog: one JSON line per security-relevant event on the io.roomgate.audit logger.
 * Depends on auth and metrics only.
 */
package io.roomgate.audit;
