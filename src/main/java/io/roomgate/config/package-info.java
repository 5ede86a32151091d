/**
 * MicroProfile Config read once into validated, immutable Settings records; an invalid key fails the deployment.
 * Depends only on protocol and net (to validate values); every other package may read Settings.
 */
package io.roomgate.config;
