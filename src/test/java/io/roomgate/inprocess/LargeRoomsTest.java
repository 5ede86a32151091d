package io.roomgate.inprocess;

import io.roomgate.suite.LargeRoomsSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class LargeRoomsTest extends LargeRoomsSuite {
}
