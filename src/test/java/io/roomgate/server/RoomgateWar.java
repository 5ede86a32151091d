package io.roomgate.server;

import io.roomgate.testing.SuiteConfig;
import java.io.File;
import java.net.URI;
import java.util.Map;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR exactly as built, deployed under another name with a test configuration. */
final class RoomgateWar {

    private static final String MP_CONFIG = "/WEB-INF/classes/META-INF/microprofile-config.properties";

    private RoomgateWar() {
    }

    static WebArchive withConfig(String archiveName, Map<String, String> config) {
        var packaged = new File(System.getProperty("roomgate.war", "target/roomgate.war"));
        var war = ShrinkWrap.create(ZipImporter.class, archiveName).importFrom(packaged).as(WebArchive.class);
        war.delete(MP_CONFIG);
        war.add(new StringAsset(SuiteConfig.asProperties(config)), MP_CONFIG);
        return war;
    }

    /** The deployed archive's WebSocket endpoint. Nested classes get no Arquillian injection, hence {@link DeployedUrls}. */
    static URI rooms(String archiveName) {
        URI base = DeployedUrls.of(archiveName);
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + base.getPath() + "rooms");
    }
}
