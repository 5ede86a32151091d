package io.roomgate.inprocess;

import io.roomgate.suite.RoomsSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class RoomsTest extends RoomsSuite {
}
