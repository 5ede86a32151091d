package io.roomgate.browser;

import io.roomgate.testing.Directories;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's headless Chromium through Debian's chromedriver (src/test/sh/ensure-browser.sh installs
 * both). Both paths are given, so Selenium Manager never looks for, or downloads, a browser or driver.
 * Every browser gets a fresh profile: two of them are two users, with nothing shared.
 */
public final class Chromium implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /**
     * Debian's Chromium is newer than the DevTools versions Selenium bundles, which it warns about at
     * every start; nothing here uses DevTools. Held, so the level is not lost with a collected logger.
     */
    private static final Logger CDP_VERSIONS = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSIONS.setLevel(Level.SEVERE);
    }

    private final Path profile;
    private final ChromeDriver driver;

    private Chromium(Path profile, ChromeDriver driver) {
        this.profile = profile;
        this.driver = driver;
    }

    public static Chromium start() throws IOException {
        Path profile = Files.createTempDirectory("roomgate-chromium-");
        var options = new ChromeOptions()
                .setBinary(BINARY.toFile())
                // no background traffic: this machine's network is closed, and a test talks to 127.0.0.1 only
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--window-size=1280,860", "--user-data-dir=" + profile);
        // the page's console, so that a scenario can see what a developer would see there
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        try {
            return new Chromium(profile, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            Directories.delete(profile);
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            Directories.delete(profile);
        }
    }
}
