package io.persona.tests.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.gateway.node.PersonaNode;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless browser (Debian's {@code chromium} and {@code chromium-driver},
 * which {@code .ci/run} installs when missing): the page asks for the operator key, then shows the
 * cluster, and the numbers and a user's list change on screen as events arrive. Screenshots go to
 * {@code target/dashboard-*.png}. Fails, never skips, when the browser cannot start.
 */
@ExtendWith(SharedCassandra.class)
class DashboardBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
  private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

  private static PersonaNode node;
  private static WebDriver browser;
  private static HttpJson http;

  @BeforeAll
  static void start() {
    node = TestNodes.start();
    http = new HttpJson(node.httpPort());
    String chromium = firstExisting(CHROMIUM, "chromium");
    String driver = firstExisting(DRIVER, "chromium-driver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,1400");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (node != null) {
      node.close();
    }
  }

  private static String firstExisting(List<String> candidates, String debianPackage) {
    return candidates.stream().filter(path -> new File(path).canExecute()).findFirst()
        .orElseThrow(() -> new AssertionError("no " + debianPackage + " at " + candidates + ": install Debian's "
            + "chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)"));
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static <T> T until(String what, java.util.function.Function<WebDriver, T> condition) {
    try {
      // the page rebuilds its lists every second: an element found a moment ago may be gone
      return new WebDriverWait(browser, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class)
          .until(condition);
    } finally {
      screenshot("last");
    }
  }

  private static void screenshot(String name) {
    try {
      Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
      Files.createDirectories(Path.of("target"));
      Files.copy(shot, Path.of("target", "dashboard-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      // a screenshot is for people; the assertions say what happened
    }
  }

  private static void post(String user, String type, String item) {
    HttpJson.Reply reply = http.postJson("/v1/events", """
        {"eventId":"%s","userId":"%s","type":"%s","itemId":"%s","timestamp":"%s"}"""
        .formatted(UUID.randomUUID(), user, type, item, Instant.now()));
    assertEquals(200, reply.status(), reply.raw().body());
  }

  private static long number(String id) {
    String value = text(id).replace(",", "").trim();
    return value.isEmpty() || value.equals("–") ? -1 : Long.parseLong(value);
  }

  @Test
  void theDashboardShowsTheClusterAndItsNumbersAndAUsersListChangeAsEventsArrive() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String items = IntStream.range(0, 12).mapToObj(i -> """
        {"itemId":"dash-%s-%d","title":"Item %d","category":"c%d"}""".formatted(suffix, i, i, i % 3))
        .collect(Collectors.joining(",", "[", "]"));
    assertEquals(200, http.postJson("/v1/items", items).status());
    String user = "dash-user-" + suffix;
    for (int i = 0; i < 3; i++) {
      post("other-" + suffix + "-" + i, "purchase", "dash-" + suffix + "-" + i);
      post("other-" + suffix + "-" + i, "purchase", "dash-" + suffix + "-" + (i + 1));
    }
    post(user, "view", "dash-" + suffix + "-0");

    browser.get("http://127.0.0.1:" + node.httpPort() + "/dashboard");
    // a wrong key is refused by name; the right one opens the board
    browser.findElement(By.id("operator-key")).sendKeys("not-the-key");
    browser.findElement(By.id("login-button")).click();
    until("a wrong key is refused", d -> text("login-error").contains("refused"));
    WebElement keyField = browser.findElement(By.id("operator-key"));
    keyField.clear();
    keyField.sendKeys(SharedCassandra.testConfig().getString("persona.admin.operator-key"));
    browser.findElement(By.id("login-button")).click();

    until("the cluster of one Up member", d -> text("member-count").equals("1 member, 1 up"));
    assertTrue(text("members").contains("(this node)"), text("members"));
    assertTrue(text("status").contains("live"));
    long before = until("the events counted so far", d -> number("events-total") >= 7 ? number("events-total") : null);
    for (int i = 0; i < 20; i++) {
      post("crowd-" + suffix + "-" + i, "view", "dash-" + suffix + "-" + (i % 12));
    }
    until("the events counter moves by the 20 new events", d -> number("events-total") >= before + 20);
    until("a rate of events is shown", d -> !text("events-rate").equals("–"));
    until("the member's shards and user entities", d -> {
      List<WebElement> cells = d.findElements(By.cssSelector("#members tbody tr td"));
      return cells.size() >= 7 && cells.get(5).getText().matches("\\d+") && cells.get(6).getText().matches("\\d+");
    });
    until("the API's 429 and 503 rates", d -> text("http-refused-rate").matches("[0-9.]+ / [0-9.]+"));

    browser.findElement(By.id("user-id")).sendKeys(user);
    browser.findElement(By.id("user-show")).click();
    until("the user's profile", d -> text("user-total").equals("1"));
    List<String> first = until("the user's list", d -> {
      List<String> shown = d.findElements(By.cssSelector("#user-list li")).stream()
          .map(li -> li.getAttribute("data-item")).toList();
      return shown.isEmpty() ? null : shown;
    });
    String bought = first.get(0);
    post(user, "purchase", bought);
    until("the profile counts the new event", d -> text("user-total").equals("2"));
    List<String> after = until("the list changes: the bought item leaves it", d -> {
      List<String> shown = d.findElements(By.cssSelector("#user-list li")).stream()
          .map(li -> li.getAttribute("data-item")).toList();
      return !shown.isEmpty() && !shown.contains(bought) ? shown : null;
    });
    assertFalse(after.contains(bought));
    assertTrue(text("user-history").contains("purchase " + bought), text("user-history"));
    // the user view's lists were recommendations: each stage's latency is shown
    until("every recommend stage with its latency", d -> {
      List<WebElement> stages = d.findElements(By.cssSelector("#stages tbody tr"));
      return stages.size() == 6 && stages.get(2).getText().startsWith("retrieval")
          && !stages.get(2).findElements(By.tagName("td")).get(2).getText().equals("–");
    });
    screenshot("overview");
    screenshot("user");
  }
}
