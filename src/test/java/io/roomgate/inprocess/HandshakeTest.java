package io.roomgate.inprocess;

import io.roomgate.suite.HandshakeSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class HandshakeTest extends HandshakeSuite {
}
