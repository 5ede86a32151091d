/**
 * The backplane through which nodes share broadcasts, presence, kicks, limits and revocations:
 * a local one for a single node and a Redis one (Lettuce) for a cluster (PROTOCOL §9). Its events
 * are plain values; it depends on nothing of Roomgate but {@code threads}.
 */
package io.roomgate.cluster;
