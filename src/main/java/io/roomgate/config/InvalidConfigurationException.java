package io.roomgate.config;

/**
 * A configuration value Roomgate cannot run with. The message names the key and what was
 * expected, never the offending value: keys and secrets are configuration too.
 */
public final class InvalidConfigurationException extends RuntimeException {

    public InvalidConfigurationException(String key, String expectation) {
        super("Invalid Roomgate configuration: " + key + " " + expectation, null, false, false);
    }
}
