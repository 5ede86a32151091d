package io.roomgate.server;

import io.roomgate.suite.DevModeSuite;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Dev mode ({@code SuiteConfig.dev()}) against the packaged WAR on a real server. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DevModeIT extends DevModeSuite {

    private static final String WAR = "roomgate-dev.war";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return RoomgateWar.withConfig(WAR, SuiteConfig.dev());
    }

    @BeforeEach
    void pointTargetAtDeployment() {
        Target.use(RoomgateWar.rooms(WAR));
    }
}
