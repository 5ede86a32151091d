package io.roomgate.inprocess;

import io.roomgate.suite.ConcurrencySuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class ConcurrencyTest extends ConcurrencySuite {
}
