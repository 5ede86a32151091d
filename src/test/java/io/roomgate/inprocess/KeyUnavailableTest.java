package io.roomgate.inprocess;

import io.roomgate.suite.KeyUnavailableSuite;
import io.roomgate.testing.InProcessTarget;
import io.roomgate.testing.ServerConfig;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
@ServerConfig(ServerConfig.Kind.KEY_UNAVAILABLE)
class KeyUnavailableTest extends KeyUnavailableSuite {
}
