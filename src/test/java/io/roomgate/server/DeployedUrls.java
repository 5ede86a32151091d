package io.roomgate.server;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.arquillian.container.spi.event.container.AfterDeploy;
import org.jboss.arquillian.container.spi.event.container.BeforeUnDeploy;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Records each deployment's base URL by archive name. Arquillian enriches only the top-level test
 * class, never JUnit 5 {@code @Nested} classes, so the nested suites look their URL up here.
 * Registered in META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension.
 */
public class DeployedUrls implements LoadableExtension {

    private static final Map<String, URI> URLS = new ConcurrentHashMap<>();

    /** e.g. {@code http://127.0.0.1:8180/roomgate/} */
    public static URI of(String archiveName) {
        URI url = URLS.get(archiveName);
        if (url == null) {
            throw new IllegalStateException("not deployed: " + archiveName + " (deployed: " + URLS.keySet() + ")");
        }
        return url;
    }

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Recorder.class);
    }

    public static class Recorder {

        @Inject
        private Instance<ProtocolMetaData> metaData;

        public void afterDeploy(@Observes AfterDeploy event) {
            String archive = event.getDeployment().getArchive().getName();
            ProtocolMetaData deployed = metaData.get();
            if (deployed == null) {
                return;
            }
            for (HTTPContext context : deployed.getContexts(HTTPContext.class)) {
                URI base = context.getServlets().stream().findFirst().map(Servlet::getBaseURI)
                        // a WAR whose servlets the container did not report: WildFly's default context root
                        .orElseGet(() -> URI.create(context.getScheme() + "://" + context.getHost() + ":" + context.getPort()
                                + "/" + archive.replaceFirst("\\.war$", "") + "/"));
                URLS.put(archive, base);
            }
        }

        public void beforeUndeploy(@Observes BeforeUnDeploy event) {
            URLS.remove(event.getDeployment().getArchive().getName());
        }
    }
}
