package io.roomgate.inprocess;

import io.roomgate.suite.HttpApiSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class HttpApiTest extends HttpApiSuite {
}
