package dev.corral.pm.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corral.pm.process.InstanceView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard in a real headless chromium against a real supervisor and real child processes: the page lists the
 * apps, a confirmed restart raises the restart count, the charts receive points, a crash turns a row red, and
 * markup in log lines and environment values shows as text. Leaves a screenshot in
 * {@code target/dashboard.png} (the README's {@code docs/img/dashboard.png} is a copy of one).
 */
class DashboardBrowserTest {
  private static final String PAYLOAD = "<img src=x onerror=alert(1)>";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private WebFixture corral;
  private ChromeDriver browser;

  @BeforeEach
  void start() throws Exception {
    browser = Chromium.start(Files.createDirectories(dir.resolve("profile")));
    corral = new WebFixture(dir.resolve("corral"));
    corral.start(corral.shell("web", "i=0; while :; do echo \"GET /orders/$i 200\"; i=$((i+1)); sleep 0.3; done")
        .instances(2).build());
    corral.start(corral.shell("worker", "exec sleep 600").minUptimeMs(600_000).maxRestarts(0).build());
    corral.start(corral.shell("xss", "while :; do echo '" + PAYLOAD + "'; sleep 0.5; done")
        .env(Map.of("GREETING", PAYLOAD, "API_TOKEN", "t0ps3cret")).build());
    await().atMost(WAIT).until(() -> corral.list().stream().allMatch(v -> v.status().equals("online")));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      if (corral != null) {
        corral.close();
      }
    }
  }

  @Test
  void thePageShowsTheCorralLiveAndItsButtonsAct() throws Exception {
    browser.get("http://127.0.0.1:" + corral.port() + "/");

    // The page lists the running apps and their instances.
    await().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("tr.instance")).size() == 4);
    assertThat(browser.findElements(By.cssSelector("tr.app td.name")).stream().map(WebElement::getText))
        .containsExactly("web", "worker", "xss");
    InstanceView web0 = corral.list().stream().filter(v -> v.name().equals("web") && v.index() == 0).findFirst()
        .orElseThrow();
    assertThat(cell(web0.id(), "status")).isEqualTo("online");
    assertThat(cell(web0.id(), "pid")).isEqualTo(Long.toString(web0.pid()));

    // Restart, confirmed in the dialog, raises the restart count on the page.
    assertThat(cell(web0.id(), "restarts")).isEqualTo("0");
    row(web0.id()).findElement(By.cssSelector("button[data-action='restart']")).click();
    WebElement dialog = browser.findElement(By.id("confirm"));
    await().atMost(WAIT).until(dialog::isDisplayed);
    assertThat(browser.findElement(By.id("confirm-text")).getText()).isEqualTo("Restart web #0?");
    browser.findElement(By.id("confirm-yes")).click();
    await().atMost(WAIT).until(() -> cell(web0.id(), "restarts").equals("1"));

    // The charts receive new points over server-sent events.
    int cpuBefore = points("chart-cpu");
    int memBefore = points("chart-mem");
    await().atMost(WAIT).until(() -> points("chart-cpu") > cpuBefore && points("chart-mem") > memBefore);

    // A crashed app turns red.
    InstanceView worker = corral.instance("worker");
    assertThat(row(worker.id()).getAttribute("class")).doesNotContain("bad");
    ProcessHandle.of(worker.pid()).orElseThrow().destroyForcibly();
    await().atMost(WAIT).until(() -> row(worker.id()).getAttribute("class").contains("bad"));
    assertThat(cell(worker.id(), "status")).isEqualTo("errored");
    assertThat(row(worker.id()).findElement(By.cssSelector("td.status")).getCssValue("color"))
        .isEqualTo("rgba(207, 34, 46, 1)");

    // Markup in a log line and in an environment value is text, never an element.
    InstanceView xss = corral.instance("xss");
    row(xss.id()).findElement(By.cssSelector("button[data-logs]")).click();
    await().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("#logs div")).stream()
        .anyMatch(e -> e.getText().equals(PAYLOAD)));
    browser.findElement(By.cssSelector("tr.app[data-app='xss'] button[data-env]")).click();
    await().atMost(WAIT).until(() -> browser.findElement(By.id("env-section")).isDisplayed());
    assertThat(browser.findElement(By.id("env-body")).getText()).contains("GREETING " + PAYLOAD)
        .contains("API_TOKEN " + Secrets.MASK).doesNotContain("t0ps3cret");
    assertThat(browser.findElements(By.tagName("img"))).isEmpty();
    assertThat(alertShown()).isFalse();

    // The live log of another instance, for the screenshot.
    browser.findElement(By.id("env-close")).click();
    row(web0.id()).findElement(By.cssSelector("button[data-logs]")).click();
    await().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("#logs div")).size() > 3);
    Path shot = Path.of("target", "dashboard.png");
    Files.createDirectories(shot.getParent());
    Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(shot)).isPositive();
  }

  private WebElement row(int id) {
    return browser.findElement(By.cssSelector("tr.instance[data-instance='" + id + "']"));
  }

  private String cell(int id, String column) {
    return row(id).findElement(By.cssSelector("td." + column)).getText();
  }

  private int points(String chart) {
    String n = browser.findElement(By.id(chart)).getAttribute("data-points");
    return n == null ? 0 : Integer.parseInt(n);
  }

  private boolean alertShown() {
    try {
      browser.switchTo().alert();
      return true;
    } catch (NoAlertPresentException e) {
      return false;
    }
  }
}
