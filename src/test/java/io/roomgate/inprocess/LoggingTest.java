package io.roomgate.inprocess;

import io.roomgate.suite.LoggingSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class LoggingTest extends LoggingSuite {
}
