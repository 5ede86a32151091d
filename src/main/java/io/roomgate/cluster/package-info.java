/**
 * The Backplane seam through which nodes share broadcasts, kicks and revocations (local only for now).
 * Meant to depend on nothing above protocol; its events still name auth and rooms types (see PackageDependenciesTest).
 */
package io.roomgate.cluster;
