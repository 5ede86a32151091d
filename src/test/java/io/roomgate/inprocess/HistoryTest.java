package io.roomgate.inprocess;

import io.roomgate.suite.HistorySuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class HistoryTest extends HistorySuite {
}
