package io.roomgate.inprocess;

import io.roomgate.suite.FrameLimitSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class FrameLimitTest extends FrameLimitSuite {
}
