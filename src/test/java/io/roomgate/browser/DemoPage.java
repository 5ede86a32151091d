package io.roomgate.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The demo page (src/main/webapp/index.html) as a user works it, through its ids and data-testid attributes. */
public final class DemoPage {

    /** Long enough for a server under a full build on two cores; every wait ends as soon as its condition holds. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ChromeDriver driver;

    private DemoPage(ChromeDriver driver) {
        this.driver = driver;
    }

    public static DemoPage open(Chromium browser, URI base) {
        var page = new DemoPage(browser.driver());
        page.driver.get(base.toString());
        page.waitFor(WAIT).until(ExpectedConditions.elementToBeClickable(By.id("login-submit")));
        // what a developer opening the console sees first: a page that loads clean (a missing favicon once did not)
        assertThat(page.driver.manage().logs().get(LogType.BROWSER).getAll())
                .as("console errors on load").noneMatch(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue());
        return page;
    }

    /** Logs in with a demo token; {@code ttl} in seconds is one of the form's lifetimes. */
    public DemoPage logIn(String user, String role, String tenant, int ttl) {
        type("login-user", user);
        new Select(driver.findElement(By.id("login-role"))).selectByValue(role);
        type("login-tenant", tenant);
        new Select(driver.findElement(By.id("login-ttl"))).selectByValue(String.valueOf(ttl));
        driver.findElement(By.id("login-submit")).click();
        return this;
    }

    /** Fills in the permissions (PROTOCOL §10) the next {@link #logIn} asks the demo token for. */
    public DemoPage permissions(String permissions) {
        type("login-permissions", permissions);
        return this;
    }

    /** Logs in with a token of one's own, pasted into the form. */
    public DemoPage logInWithToken(String token) {
        driver.findElement(By.cssSelector("#own-token summary")).click();
        type("login-token", token);
        driver.findElement(By.id("login-submit")).click();
        return this;
    }

    public DemoPage awaitState(String state, Duration timeout) {
        waitFor(timeout).until(ExpectedConditions.attributeToBe(By.id("connection-state"), "data-state", state));
        return this;
    }

    public DemoPage awaitConnected() {
        return awaitState("connected", WAIT);
    }

    public String state() {
        return driver.findElement(By.id("connection-state")).getDomAttribute("data-state");
    }

    public DemoPage join(String room) {
        return requestJoin(room).awaitInRoom(room, WAIT);
    }

    /** Asks to join without waiting to be in the room: for a join that is refused. */
    public DemoPage requestJoin(String room) {
        type("join-room", room);
        driver.findElement(By.id("join-submit")).click();
        return this;
    }

    /** The room is in the room list and selected. */
    public DemoPage awaitInRoom(String room, Duration timeout) {
        waitFor(timeout).until(ExpectedConditions.attributeToBe(By.id("room-title"), "data-room", room));
        return this;
    }

    public DemoPage select(String room) {
        click(By.cssSelector("#room-list li[data-room='" + room + "']"));
        return awaitInRoom(room, WAIT);
    }

    /** Waits until the room list shows {@code room}. */
    public DemoPage awaitListed(String room) {
        waitFor(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#room-list li[data-room='" + room + "']")));
        return this;
    }

    /** Leaves the selected room. */
    public DemoPage leaveRoom() {
        driver.findElement(By.id("leave-room")).click();
        return this;
    }

    public DemoPage say(String text) {
        waitFor(WAIT).until(ExpectedConditions.elementToBeClickable(By.id("chat-input"))).sendKeys(text);
        driver.findElement(By.id("chat-send")).click();
        return this;
    }

    /** Waits until the selected room's chat shows {@code text} said by {@code userId}. */
    public DemoPage awaitMessage(String userId, String text) {
        waitFor(WAIT).until(d -> d.findElements(By.cssSelector("#chat-log li[data-testid='chat-message'][data-from='" + userId + "'] .text"))
                .stream().anyMatch(e -> e.getText().equals(text)));
        return this;
    }

    /** The texts said by {@code userId} in the selected room's chat, in the order shown. */
    public List<String> messagesFrom(String userId) {
        return driver.findElements(By.cssSelector("#chat-log li[data-testid='chat-message'][data-from='" + userId + "'] .text"))
                .stream().map(WebElement::getText).toList();
    }

    /** "Drop connection": the page closes its socket as a network cut would and stays offline until {@link #reconnectNow}. */
    public DemoPage dropConnection() {
        waitFor(WAIT).until(ExpectedConditions.attributeToBe(By.id("drop-connection"), "data-offline", "false"));
        driver.findElement(By.id("drop-connection")).click();
        waitFor(WAIT).until(ExpectedConditions.attributeToBe(By.id("drop-connection"), "data-offline", "true"));
        return this;
    }

    /** Ends the offline time of {@link #dropConnection}: the client reconnects by itself from there. */
    public DemoPage reconnectNow() {
        driver.findElement(By.id("drop-connection")).click();
        waitFor(WAIT).until(ExpectedConditions.attributeToBe(By.id("drop-connection"), "data-offline", "false"));
        return this;
    }

    /** Waits until the selected room's chat has a line (said or noted) containing {@code text}. */
    public DemoPage awaitChatLine(String text) {
        waitFor(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-log"), text));
        return this;
    }

    /** Waits until the member list of the selected room is exactly these users. */
    public DemoPage awaitMembers(String... userIds) {
        var expected = List.of(userIds).stream().sorted().toList();
        waitFor(WAIT).until(d -> members().equals(expected));
        return this;
    }

    public List<String> members() {
        return driver.findElements(By.cssSelector("#member-list li")).stream().map(li -> li.getDomAttribute("data-user-id")).sorted().toList();
    }

    /** The Kick buttons shown: only a moderator's or an admin's page has them. */
    public List<WebElement> kickButtons() {
        return driver.findElements(By.cssSelector("#member-list [data-testid='kick']"));
    }

    public DemoPage kick(String userId, String reason) {
        type("kick-reason", reason);
        click(By.cssSelector("#member-list li[data-user-id='" + userId + "'] [data-testid='kick']"));
        return this;
    }

    public DemoPage awaitNotice(String part) {
        return awaitNotice(part, WAIT);
    }

    public DemoPage awaitNotice(String part, Duration timeout) {
        waitFor(timeout).until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), part));
        return this;
    }

    public String notice() {
        var notice = driver.findElement(By.id("notice"));
        return notice.isDisplayed() ? notice.getText() : "";
    }

    /** The {@code exp} of the token the page counts down. */
    public long tokenExp() {
        return Long.parseLong(driver.findElement(By.id("token-clock")).getDomAttribute("data-exp"));
    }

    public String tokenClock() {
        return driver.findElement(By.id("token-clock")).getText();
    }

    /** Waits for the page's note of a token refresh with an expiry later than {@code exp}. */
    public DemoPage awaitRefreshedBeyond(long exp, Duration timeout) {
        waitFor(timeout).until(d -> tokenExp() > exp
                && driver.findElement(By.id("token-refreshed")).getText().startsWith("refreshed"));
        return this;
    }

    public String activity() {
        return driver.findElement(By.id("activity")).getText();
    }

    public void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    private void type(String id, String text) {
        var input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    /** Clicks an element of a list the page may rebuild at any moment (a presence event, say). */
    private void click(By locator) {
        waitFor(WAIT).until(d -> {
            d.findElement(locator).click();
            return true;
        });
    }

    private WebDriverWait waitFor(Duration timeout) {
        var wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        // the page rebuilds its lists on every event: an element read a moment ago may be gone, so look again
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }
}
