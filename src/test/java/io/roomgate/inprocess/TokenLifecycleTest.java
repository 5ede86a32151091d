package io.roomgate.inprocess;

import io.roomgate.suite.TokenLifecycleSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class TokenLifecycleTest extends TokenLifecycleSuite {
}
