package io.roomgate.inprocess;

import io.roomgate.suite.MetricsSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class MetricsTest extends MetricsSuite {
}
