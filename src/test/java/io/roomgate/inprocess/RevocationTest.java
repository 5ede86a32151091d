package io.roomgate.inprocess;

import io.roomgate.suite.RevocationSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class RevocationTest extends RevocationSuite {
}
