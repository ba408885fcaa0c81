package dev.streamgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The demo page on a node without API keys, where anyone who reaches the node may read every session:
 * each browser's session list shows the sessions it made, not every visitor's, while {@code GET
 * /sessions} still lists them all (seed 004's terminal client reads it).
 */
@Tag("browser")
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoSessionsTest {

  private static GatewayUnderTest gateway;
  private static Browser browser;

  @BeforeAll
  static void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx, Map.of("MOCK_DELAY_MS", "1"));
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @Test
  void eachBrowserListsTheSessionsItMadeAndTheApiStillListsThemAll() {
    DemoPage page = new DemoPage(browser, gateway.url(""));
    page.openFresh().send("from the first visitor");
    page.awaitAnswerEnd();
    String first = page.sessionId();
    page.awaitSessionShows(first, "2 msgs");
    String firstVisitorStorage = browser.js("return JSON.stringify(Object.assign({}, localStorage))");

    page.openFresh(); // another browser: nothing remembered
    assertThat(listed()).as("a new visitor sees no one's sessions").isEmpty();
    page.send("from the second visitor");
    page.awaitAnswerEnd();
    String second = page.sessionId();
    page.awaitSessionShows(second, "2 msgs");
    assertThat(listed()).containsExactly(second);

    browser.js("localStorage.clear(); const saved = JSON.parse(arguments[0]);"
        + " Object.keys(saved).forEach(k => localStorage.setItem(k, saved[k]));", firstVisitorStorage);
    page.reload();
    page.awaitSessionShows(first, "2 msgs");
    assertThat(listed()).containsExactly(first);

    List<String> all = Http.get(gateway.url("/sessions")).json().getJsonArray("sessions").stream()
        .map(s -> ((JsonObject) s).getString("session_id")).toList();
    assertThat(all).contains(first, second);
  }

  private static List<String> listed() {
    return browser.driver().findElements(By.cssSelector("#sessions button[data-id]")).stream()
        .map(button -> button.getDomAttribute("data-id")).toList();
  }
}
