package io.roomgate.inprocess;

import io.roomgate.suite.AttackSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class AttackTest extends AttackSuite {
}
