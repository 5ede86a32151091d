package io.roomgate.server;

import io.roomgate.suite.KeyUnavailableSuite;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Readiness without a usable verification key ({@code SuiteConfig.keyUnavailable()}) against the
 * packaged WAR on a real server: a deployment of its own, since no token verifies on it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class KeyUnavailableIT extends KeyUnavailableSuite {

    private static final String WAR = "roomgate-key-unavailable.war";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return RoomgateWar.withConfig(WAR, SuiteConfig.keyUnavailable());
    }

    @BeforeEach
    void pointTargetAtDeployment() {
        Target.use(RoomgateWar.rooms(WAR));
    }
}
