package io.roomgate.server;

import io.roomgate.suite.AttackSuite;
import io.roomgate.suite.AuditSuite;
import io.roomgate.suite.AuthModesSuite;
import io.roomgate.suite.ConcurrencySuite;
import io.roomgate.suite.FrameLimitSuite;
import io.roomgate.suite.HandshakeSuite;
import io.roomgate.suite.HttpApiSuite;
import io.roomgate.suite.IdentitySuite;
import io.roomgate.suite.LoggingSuite;
import io.roomgate.suite.MetricsSuite;
import io.roomgate.suite.ModerationSuite;
import io.roomgate.suite.PermissionsSuite;
import io.roomgate.suite.RevocationSuite;
import io.roomgate.suite.RobustnessSuite;
import io.roomgate.suite.RoomsSuite;
import io.roomgate.suite.SlowRequestSuite;
import io.roomgate.suite.TokenExchangeSuite;
import io.roomgate.suite.TokenLifecycleSuite;
import io.roomgate.suite.VerificationSuite;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The protocol suite against the packaged WAR on a real server ({@code mvn verify}; failsafe runs
 * it once per server, see the pom). One
 * deployment serves every suite: each suite is a one-line {@code @Nested} class below, and
 * {@link #pointTargetAtDeployment()} runs before each of their tests.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProtocolSuiteIT {

    private static final String WAR = "roomgate.war";

    /**
     * The WAR exactly as built, with the suite's configuration instead of the packaged defaults, and
     * a filter standing in for an application's SSO (the tenant of the token exchange's caller).
     */
    @Deployment(testable = false)
    static WebArchive deployment() {
        // standard() also starts the JWKS server in this JVM, which the deployed verifier fetches keys from
        return RoomgateWar.withConfig(WAR, SuiteConfig.standard()).addClass(TenantFromHeaderFilter.class);
    }

    @BeforeEach
    void pointTargetAtDeployment() {
        Target.use(RoomgateWar.rooms(WAR));
    }

    // One line per suite:
    @Nested
    class Handshake extends HandshakeSuite {
    }

    @Nested
    class SlowRequest extends SlowRequestSuite {
    }

    @Nested
    class Verification extends VerificationSuite {
    }

    @Nested
    class Identity extends IdentitySuite {
    }

    @Nested
    class Rooms extends RoomsSuite {
    }

    @Nested
    class Moderation extends ModerationSuite {
    }

    @Nested
    class Robustness extends RobustnessSuite {
    }

    @Nested
    class Concurrency extends ConcurrencySuite {
    }

    @Nested
    class TokenExchange extends TokenExchangeSuite {
    }

    @Nested
    class Logging extends LoggingSuite {
    }

    @Nested
    class TokenLifecycle extends TokenLifecycleSuite {
    }

    @Nested
    class AuthModes extends AuthModesSuite {
    }

    @Nested
    class Attacks extends AttackSuite {
    }

    @Nested
    class FrameLimit extends FrameLimitSuite {
    }

    @Nested
    class Revocation extends RevocationSuite {
    }

    @Nested
    class Permissions extends PermissionsSuite {
    }

    @Nested
    class Metrics extends MetricsSuite {
    }

    @Nested
    class Audit extends AuditSuite {
    }

    @Nested
    class HttpApi extends HttpApiSuite {
    }
}
