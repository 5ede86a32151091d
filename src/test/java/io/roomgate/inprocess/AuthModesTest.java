package io.roomgate.inprocess;

import io.roomgate.suite.AuthModesSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class AuthModesTest extends AuthModesSuite {
}
