package io.roomgate.server;

import io.roomgate.suite.AlternateConfigSuite;
import io.roomgate.suite.HistorySuite;
import io.roomgate.suite.LargeRoomsSuite;
import io.roomgate.suite.MetricsTokenSuite;
import io.roomgate.suite.RejectAtUpgradeSuite;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/** The suites that need {@code SuiteConfig.alternate()} (its small presence bounds too), against the packaged WAR on a real server. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AlternateConfigIT {

    private static final String WAR = "roomgate-alternate.war";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return RoomgateWar.withConfig(WAR, SuiteConfig.alternate());
    }

    @BeforeEach
    void pointTargetAtDeployment() {
        Target.use(RoomgateWar.rooms(WAR));
    }

    // One line per suite:
    @Nested
    class AlternateConfig extends AlternateConfigSuite {
    }

    @Nested
    class RejectAtUpgrade extends RejectAtUpgradeSuite {
    }

    @Nested
    class History extends HistorySuite {
    }

    @Nested
    class LargeRooms extends LargeRoomsSuite {
    }

    @Nested
    class MetricsToken extends MetricsTokenSuite {
    }
}
