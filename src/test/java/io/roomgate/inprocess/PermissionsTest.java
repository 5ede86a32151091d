package io.roomgate.inprocess;

import io.roomgate.suite.PermissionsSuite;
import io.roomgate.testing.InProcessTarget;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InProcessTarget.class)
class PermissionsTest extends PermissionsSuite {
}
