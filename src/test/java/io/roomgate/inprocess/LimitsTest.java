package io.roomgate.inprocess;

import io.roomgate.suite.LimitsSuite;
import io.roomgate.testing.InProcessTarget;
import io.roomgate.testing.ServerConfig;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
@ServerConfig(ServerConfig.Kind.LIMITS)
class LimitsTest extends LimitsSuite {
}
