package dev.streamgate.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium, driven through the system chromedriver (both from the {@code chromium}
 * and {@code chromium-driver} packages, which {@code .ci/run} installs). Both paths are given
 * explicitly, so Selenium Manager never runs and nothing is downloaded. A test class holds one
 * instance for all its tests; screenshots go to {@code target/screenshots/}.
 */
final class Browser implements AutoCloseable {

  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
  private static final String CHROMEDRIVER = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");

  /** Selenium warns when it has no DevTools binding for this Chromium's version; these tests use none. */
  private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP_LOG.setLevel(Level.SEVERE);
  }

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts Chromium with a fresh profile and a laptop-sized window. */
  static Browser start() {
    for (String binary : new String[] {CHROMIUM, CHROMEDRIVER}) {
      if (!new File(binary).canExecute()) {
        throw new IllegalStateException(binary + " is missing: install Debian's chromium and chromium-driver "
            + "(apt-get install chromium chromium-driver; .ci/run does it)");
      }
    }
    try {
      Path profile = Files.createTempDirectory("streamgate-chromium");
      ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
          // The machine has no internet: keep Chromium from trying its background services at all.
          .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--disable-quic", "--no-first-run", "--no-default-browser-check", "--window-size=1280,860",
              "--user-data-dir=" + profile);
      // An alert left open must fail the next command loudly, never be dismissed silently.
      options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
      return new Browser(new ChromeDriver(service, options), profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  WebDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  /** Runs {@code script} in the page; {@code arguments[i]} are the extra values. */
  @SuppressWarnings("unchecked")
  <T> T js(String script, Object... args) {
    return (T) ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Waits (polling, no fixed sleep) until {@code condition} returns a non-null, non-false value. */
  <T> T await(Duration timeout, Function<WebDriver, T> condition) {
    WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(20));
    // The page re-renders lists (sessions, messages): an element found a moment ago may be replaced.
    wait.ignoring(StaleElementReferenceException.class);
    return wait.until(condition);
  }

  <T> T await(Function<WebDriver, T> condition) {
    return await(Duration.ofSeconds(10), condition);
  }

  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Saves what the page shows now as {@code target/screenshots/<name>.png}. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Like {@link #screenshot}, with the window made as tall as the page (up to 8000 px) for the shot. */
  Path screenshotWholePage(String name) {
    Dimension size = driver.manage().window().getSize();
    long height = js("return document.scrollingElement.scrollHeight + (window.outerHeight - window.innerHeight)");
    resize(size.getWidth(), (int) Math.min(height, 8000));
    try {
      return screenshot(name);
    } finally {
      resize(size.getWidth(), size.getHeight());
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteProfile();
    }
  }

  private void deleteProfile() {
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary profile is harmless.
    }
  }
}
