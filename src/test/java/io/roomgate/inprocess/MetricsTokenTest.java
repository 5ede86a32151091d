package io.roomgate.inprocess;

import io.roomgate.suite.MetricsTokenSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class MetricsTokenTest extends MetricsTokenSuite {
}
