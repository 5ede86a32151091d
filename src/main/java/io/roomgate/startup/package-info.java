/**
 * The check that builds every service when the application starts, so bad configuration fails the deployment.
 * The top layer with api: may depend on any package; none depends on it.
 */
package io.roomgate.startup;
