package io.roomgate.server;

import io.roomgate.suite.LimitsSuite;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-address limits ({@code SuiteConfig.limits()}) against the packaged WAR on a real server:
 * a deployment of their own, since every other suite needs limits it cannot reach.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LimitsIT extends LimitsSuite {

    private static final String WAR = "roomgate-limits.war";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return RoomgateWar.withConfig(WAR, SuiteConfig.limits());
    }

    @BeforeEach
    void pointTargetAtDeployment() {
        Target.use(RoomgateWar.rooms(WAR));
    }
}
