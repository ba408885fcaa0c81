package dev.streamgate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;

/**
 * The demo page in a real headless Chromium against a real gateway with API keys on: the mock model
 * (slowed down so streaming is visible) and, for {@code gpt-*} models, a fake OpenAI-compatible
 * provider whose answers the tests script. One browser for the class; screenshots of each state in
 * target/screenshots.
 */
@Tag("browser")
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoPageTest {

  private static final String KEY = "sk-demo-0123456789";
  private static final String OPENAI_MODEL = OpenAiAnswer.MODEL;

  private static FakeOpenAi provider;
  private static GatewayUnderTest gateway;
  private static Browser browser;
  private DemoPage page;

  @BeforeAll
  static void start(Vertx vertx) {
    provider = FakeOpenAi.start(vertx);
    gateway = GatewayUnderTest.start(vertx, Map.of("GATEWAY_API_KEYS", KEY, "MOCK_DELAY_MS", "40",
        "OPENAI_BASE_URL", provider.baseUrl(), "RETRY_ATTEMPTS", "0"));
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @BeforeEach
  void freshPage() {
    browser.resize(1280, 860);
    page = new DemoPage(browser, gateway.url(""));
  }

  @Test
  void asksForTheKeyThenSendsItAsBearerAndRemembersIt() {
    page.openFresh();
    assertThat(page.status()).contains("needs an API key");
    assertThat(browser.find("#settings").getDomAttribute("open")).isNotNull();
    assertThat(page.focused()).isEqualTo("api-key");
    browser.screenshot("demo-01-key-required");

    page.saveSettings("sk-wrong-key-000000", "");
    assertThat(page.status()).contains("The API key was refused");

    page.saveSettings(KEY, "");
    assertThat(page.status()).doesNotContain("API key was refused").doesNotContain("needs an API key");
    // /stats answers only with the key: the figures it gives show the page sent it.
    browser.await(d -> browser.find("#health").getText().contains("turns"));
    page.reload();
    assertThat(browser.find("#api-key").getDomProperty("value")).isEqualTo(KEY);
    assertThat(page.status()).doesNotContain("API key");
    browser.screenshot("demo-02-key-saved");
  }

  @Test
  void showsTheAnswerGrowWhileItStreamsThenItsFigures() {
    page.openFresh().saveSettings(KEY, "");
    page.send("Hello");
    assertThat(page.focused()).isEqualTo("message");
    Set<Integer> lengths = new LinkedHashSet<>();
    browser.await(d -> {
      boolean streaming = page.lastAnswerStreaming();
      int length = page.lastAnswerText().length();
      if (streaming && length > 0 && lengths.add(length) && lengths.size() == 2) {
        assertThat(page.streamState()).isEqualTo("streaming");
        browser.screenshot("demo-03-streaming");
      }
      return !streaming;
    });
    assertThat(lengths).as("distinct lengths seen while streaming").hasSizeGreaterThanOrEqualTo(2);

    String answer = page.lastAnswerText().trim();
    assertThat(answer).startsWith("This is turn 1 of our conversation. You said: \"Hello\".").endsWith("at work.");
    assertThat(page.streamState()).isEqualTo("done");
    // The mock model sends one word per chunk.
    assertThat(page.figure("chunks")).isEqualTo(String.valueOf(answer.split(" ").length));
    assertThat(page.figure("ttft")).matches("\\d+ ms|\\d+\\.\\d\\d s");
    assertThat(page.figure("duration")).matches("\\d+ ms|\\d+\\.\\d\\d s");
    page.awaitSessionShows(page.sessionId(), "2 msgs");
    browser.await(d -> browser.find("#health").getText().startsWith("Server healthy"));
    List<String> resources = browser.js("return performance.getEntriesByType('resource').map(e => e.name)");
    assertThat(resources).as("everything the page loaded").isNotEmpty()
        .allSatisfy(url -> assertThat(url).startsWith(gateway.url("/")));
    browser.screenshot("demo-04-answered");
  }

  @Test
  void stopEndsTheTurnAndTheUpstreamCall() {
    List<String> words = IntStream.range(0, 300).mapToObj(i -> "word" + i + " ").toList();
    provider.replay(OpenAiAnswer.stream(words), new int[] {240}, 40);
    page.openFresh().saveSettings(KEY, OPENAI_MODEL);
    int calls = provider.calls().size();
    page.send("Count slowly");
    browser.await(d -> Integer.parseInt(page.figure("chunks")) >= 3);
    page.click("#stop");
    browser.await(d -> "stopped".equals(page.streamState()));
    assertThat(page.status()).startsWith("Stopped");
    assertThat(page.focused()).isEqualTo("message");
    assertThat(browser.find("#send").isEnabled()).isTrue();
    browser.screenshot("demo-05-stopped");

    assertThat(provider.calls()).hasSize(calls + 1);
    assertThat(provider.calls().get(calls).closed().toCompletionStage().toCompletableFuture())
        .as("the gateway closed its call to the provider").succeedsWithin(java.time.Duration.ofSeconds(5));
    JsonObject last = awaitLastMessage(page.sessionId());
    assertThat(last.getString("role")).isEqualTo("assistant");
    assertThat(last.getBoolean("interrupted")).isTrue();
    assertThat(last.getString("content")).startsWith(page.lastAnswerText().trim()).doesNotContain("word299");
  }

  @Test
  void switchesSessionsAndShowsTheHistoryAfterAReload() {
    page.openFresh().saveSettings(KEY, "");
    page.click("#new-session");
    browser.await(d -> !page.sessionId().equals("none yet"));
    String first = page.sessionId();
    page.send("first session");
    page.awaitAnswerEnd();
    page.click("#new-session");
    browser.await(d -> !page.sessionId().equals(first));
    String second = page.sessionId();
    assertThat(browser.driver().findElements(By.cssSelector("#messages .msg"))).isEmpty();
    page.send("second session");
    page.awaitAnswerEnd();
    page.awaitSessionShows(second, "2 msgs");
    page.awaitSessionShows(first, "2 msgs");

    page.openSession(first);
    browser.await(d -> page.lastAnswerText().contains("You said: \"first session\""));
    assertThat(page.sessionButton(first).getDomAttribute("aria-current")).isEqualTo("true");
    assertThat(browser.find("#messages .msg.user").getText()).contains("first session");
    browser.screenshot("demo-06-switched");

    page.openSession(second);
    browser.await(d -> page.lastAnswerText().contains("You said: \"second session\""));
    page.reload();
    assertThat(page.sessionId()).isEqualTo(second);
    assertThat(page.answers()).hasSize(1);
    assertThat(page.lastAnswerText()).contains("You said: \"second session\"");
    assertThat(page.sessionButton(second).getDomAttribute("aria-current")).isEqualTo("true");
    browser.screenshot("demo-07-reloaded");

    page.click("#clear-session");
    page.awaitSessionShows(second, "0 msgs");
    assertThat(page.answers()).isEmpty();
    page.openSession(first);
    page.click("#delete-session");
    browser.await(d -> d.findElements(By.cssSelector("#sessions button[data-id='" + first + "']")).isEmpty());
    assertThat(page.sessionId()).isEqualTo("none yet");
    assertThat(bearer("/sessions/" + first).status()).isEqualTo(404);
  }

  @Test
  void providerHtmlIsShownAsTextAndMarkdownIsRendered() {
    provider.replay(OpenAiAnswer.stream(List.of("## Result\n\n", "- **one**\n- two\n\n",
        "Raw: <scr", "ipt>window.__pwned = true; alert('script')</script>\n\n",
        "Inline <img src=x onerror=\"window.__pwned = true; alert('img')\"> here.\n\n",
        "[click](javascript:window.__pwned=true) ![pic](http://example.invalid/pixel.png)\n\n",
        "```html\n<script>alert('code')</script>\n```\n")), new int[] {97, 41, 13}, 5);
    page.openFresh().saveSettings(KEY, OPENAI_MODEL);
    browser.js("window.__pwned = false");
    page.send("Show me some HTML");
    page.awaitAnswerEnd();
    assertThat(page.streamState()).isEqualTo("done");

    assertThatThrownBy(() -> browser.driver().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    assertThat((Boolean) browser.js("return window.__pwned")).isFalse();
    Map<String, Long> found = browser.js("const all = (s) => document.querySelectorAll('#messages ' + s).length;"
        + "const answer = (s) => all('.msg.assistant .content ' + s);"
        + "return {script: all('script'), img: all('img'), handlers: all('[onerror],[onclick],[onload]'),"
        + " jsLinks: all('a[href^=\"javascript\"]'), h2: answer('h2'), li: answer('li'), strong: answer('strong'),"
        + " code: answer('pre code')};");
    assertThat(found).containsEntry("script", 0L).containsEntry("img", 0L).containsEntry("handlers", 0L)
        .containsEntry("jsLinks", 0L).containsEntry("h2", 1L).containsEntry("li", 2L)
        .containsEntry("strong", 1L).containsEntry("code", 1L);
    String shown = page.lastAnswerText();
    assertThat(shown).contains("<script>window.__pwned = true; alert('script')</script>")
        .contains("<img src=x onerror=\"window.__pwned = true; alert('img')\">")
        .contains("<script>alert('code')</script>");
    browser.screenshot("demo-08-html-as-text");
  }

  @Test
  void aDroppedConnectionIsReportedAndRetried(Vertx vertx) {
    CuttableProxy proxy = CuttableProxy.start(vertx, gateway.port());
    DemoPage viaProxy = new DemoPage(browser, proxy.url(""));
    viaProxy.openFresh().saveSettings(KEY, "");
    viaProxy.send("Are you there?");
    browser.await(d -> Integer.parseInt(viaProxy.figure("chunks")) >= 2);
    proxy.cut();
    browser.await(d -> browser.find("#retry-box").isDisplayed());
    assertThat(browser.find("#retry-text").getText()).contains("connection to the gateway dropped");
    assertThat(viaProxy.streamState()).isEqualTo("lost");
    browser.screenshot("demo-09-connection-lost");

    viaProxy.click("#retry");
    viaProxy.awaitAnswerEnd();
    assertThat(viaProxy.streamState()).isEqualTo("done");
    assertThat(browser.find("#retry-box").isDisplayed()).isFalse();
    assertThat(viaProxy.lastAnswerText()).contains("You said: \"Are you there?\"").endsWith("at work.");
    assertThat(viaProxy.answers()).hasSize(2);
    browser.screenshot("demo-10-retried");
  }

  @Test
  void fitsAPhoneAndEveryControlHasALabel() {
    page.openFresh().saveSettings(KEY, "");
    page.send("Small screen");
    page.awaitAnswerEnd();
    browser.resize(390, 844);
    browser.screenshot("demo-11-phone");
    Map<String, Object> layout = page.layout();
    assertThat(layout).containsEntry("overflow", 0L).containsEntry("sendVisible", true)
        .containsEntry("messageVisible", true).containsEntry("unlabelled", List.of()).containsEntry("nameless", 0L);
  }

  /** The session's last stored message, once the gateway has stored the turn the page stopped. */
  private JsonObject awaitLastMessage(String sessionId) {
    return browser.await(d -> {
      JsonArray messages = bearer("/sessions/" + sessionId).json().getJsonArray("messages");
      JsonObject last = messages.size() == 2 ? messages.getJsonObject(1) : null;
      return last != null && last.containsKey("interrupted") ? last : null;
    });
  }

  private static Http.Reply bearer(String path) {
    return Http.send(HttpRequest.newBuilder(URI.create(gateway.url(path))).header("Authorization", "Bearer " + KEY));
  }
}
