package io.mailmind.examples.cli;

import io.mailmind.testkit.ExternalServers;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver with Selenium. Both paths are given
 * explicitly, so Selenium Manager never runs and nothing is downloaded. Not thread-safe.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /**
   * Selenium warns (java.util.logging) that it has no CDP implementation for this Chromium's version; the test
   * uses WebDriver only, never CDP. Held here so that the logger, and its level, are not garbage-collected.
   */
  private static final List<Logger> QUIET = List.of(
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
      Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

  final ChromeDriver driver;

  private HeadlessChromium(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Skips the calling test (fails it under {@code -Dmailmind.requireServers=true}) without Chromium. */
  static void assumeInstalled() {
    ExternalServers.assume(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "Chromium",
        CHROMIUM + " and " + CHROMEDRIVER + " are needed: apt-get install chromium chromium-driver");
  }

  /** Starts a browser with a fresh profile in {@code profile}. */
  static HeadlessChromium start(Path profile) {
    QUIET.forEach(logger -> logger.setLevel(Level.SEVERE));
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--no-default-browser-check", "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .withLogOutput(OutputStream.nullOutputStream())
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
    return new HeadlessChromium(driver);
  }

  /** Runs a script in the page and returns its result. */
  Object script(String script, Object... arguments) {
    return driver.executeScript(script, arguments);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
