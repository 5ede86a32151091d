package io.roomgate.inprocess;

import io.roomgate.suite.RobustnessSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class RobustnessTest extends RobustnessSuite {
}
