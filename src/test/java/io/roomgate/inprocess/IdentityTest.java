package io.roomgate.inprocess;

import io.roomgate.suite.IdentitySuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class IdentityTest extends IdentitySuite {
}
