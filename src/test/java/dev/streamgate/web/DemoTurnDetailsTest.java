package dev.streamgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * What the demo page shows of an answer besides its text, in a real headless Chromium: the model's
 * reasoning (the mock reasons when the page's reasoning effort is set), folded above the answer and
 * filled while it streams; and a tool call a provider streams, its name and arguments as plain text,
 * again when the session is opened from its history.
 */
@Tag("browser")
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoTurnDetailsTest {

  private static final String KEY = "sk-demo-details-0123";
  /** Records whether the last answer ever showed reasoning while its text was still empty. */
  private static final String WATCH_REASONING = "window.__reasoningFirst = false;"
      + "new MutationObserver(() => {"
      + "  const all = document.querySelectorAll('#messages .msg.assistant');"
      + "  const li = all[all.length - 1];"
      + "  const reasoning = li && li.querySelector('.reasoning-text');"
      + "  if (reasoning && reasoning.textContent && !li.querySelector('.content').textContent.trim()) {"
      + "    window.__reasoningFirst = true;"
      + "  }"
      + "}).observe(document.getElementById('messages'), {subtree: true, childList: true, characterData: true});";

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
  void theReasoningFillsAFoldedBlockAboveTheAnswerAsItStreams() {
    page.openFresh().saveSettings(KEY, "", "low");
    browser.js(WATCH_REASONING);
    page.send("Think it over");
    page.awaitAnswerEnd();
    assertThat(page.streamState()).isEqualTo("done");
    assertThat((Boolean) browser.js("return window.__reasoningFirst")).as("reasoning shown before the answer").isTrue();

    Map<String, Object> reasoning = browser.js("const all = document.querySelectorAll('#messages .msg.assistant');"
        + "const li = all[all.length - 1];"
        + "const block = li.querySelector('details.reasoning');"
        + "return {open: block.open, text: block.querySelector('.reasoning-text').textContent,"
        + " summary: block.querySelector('summary').textContent,"
        + " aboveTheAnswer: block.nextElementSibling === li.querySelector('.content'),"
        + " shown: block.querySelector('.reasoning-text').checkVisibility()};");
    assertThat(reasoning).containsEntry("open", false).containsEntry("summary", "Reasoning")
        .containsEntry("aboveTheAnswer", true).containsEntry("shown", false)
        .containsEntry("text", "The user wrote \"Think it over\"; I will say it back. ");
    assertThat(page.lastAnswerText()).startsWith("This is turn 1 of our conversation. You said: \"Think it over\".")
        .doesNotContain("The user wrote");
    browser.screenshot("demo-details-01-reasoning-folded");

    page.click("#messages .msg.assistant details.reasoning summary");
    assertThat((Boolean) browser.js("return document.querySelector('#messages .reasoning-text').checkVisibility()"))
        .isTrue();
    assertThat(page.lastAnswer().getText()).contains("The user wrote \"Think it over\"; I will say it back.");
    browser.screenshot("demo-details-02-reasoning-open");
  }

  @Test
  void aTurnWithoutReasoningHasNoReasoningBlock() {
    page.openFresh().saveSettings(KEY, "");
    page.send("Just answer");
    page.awaitAnswerEnd();
    assertThat(browser.driver().findElements(By.cssSelector("#messages details.reasoning"))).isEmpty();
  }

  @Test
  void aToolCallShowsItsNameAndArgumentsAsTextAlsoInTheHistory() {
    provider.replay(OpenAiAnswer.toolCall("call_1", "get_weather", List.of("{\"city\":", "\"<img src=x onerror=",
        "window.__pwned=true>\"}")), new int[] {60, 25}, 30);
    page.openFresh().saveSettings(KEY, OpenAiAnswer.MODEL);
    browser.js("window.__pwned = false");
    page.send("Weather in Paris?");
    page.awaitAnswerEnd();
    assertThat(page.streamState()).isEqualTo("done");
    String arguments = "{\"city\":\"<img src=x onerror=window.__pwned=true>\"}";
    assertThat(toolCall()).isEqualTo(List.of("get_weather", arguments));
    assertThat((Long) browser.js("return document.querySelectorAll('#messages img').length")).isZero();
    assertThat((Boolean) browser.js("return window.__pwned")).isFalse();
    browser.screenshot("demo-details-03-tool-call");

    page.reload();
    assertThat(toolCall()).isEqualTo(List.of("get_weather", arguments));
    assertThat((Long) browser.js("return document.querySelectorAll('#messages img').length")).isZero();
  }

  /** The name and the arguments of the last answer's tool call, as shown. */
  private List<String> toolCall() {
    return browser.await(d -> browser.js("const calls = document.querySelectorAll('#messages .tool-call');"
        + "const call = calls[calls.length - 1];"
        + "return call ? [call.querySelector('.tool-name').textContent, call.querySelector('.tool-args').textContent]"
        + " : null;"));
  }
}
