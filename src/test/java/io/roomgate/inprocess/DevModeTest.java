package io.roomgate.inprocess;

import io.roomgate.suite.DevModeSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class DevModeTest extends DevModeSuite {
}
