package io.roomgate.inprocess;

import io.roomgate.suite.ModerationSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class ModerationTest extends ModerationSuite {
}
