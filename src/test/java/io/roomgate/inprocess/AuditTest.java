package io.roomgate.inprocess;

import io.roomgate.suite.AuditSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class AuditTest extends AuditSuite {
}
