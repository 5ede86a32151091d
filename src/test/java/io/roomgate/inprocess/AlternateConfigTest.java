package io.roomgate.inprocess;

import io.roomgate.suite.AlternateConfigSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class AlternateConfigTest extends AlternateConfigSuite {
}
