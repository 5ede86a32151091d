package io.roomgate.inprocess;

import io.roomgate.suite.VerificationSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class VerificationTest extends VerificationSuite {
}
