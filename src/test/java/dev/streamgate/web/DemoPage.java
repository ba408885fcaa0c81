package dev.streamgate.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The demo page (webroot/demo) as a person uses it: typing, pressing Enter, clicking its buttons,
 * reading what it shows. Every wait polls the page (WebDriverWait); nothing sleeps.
 */
final class DemoPage {

  private static final Duration TURN = Duration.ofSeconds(20);

  private final Browser browser;
  private final String origin;

  DemoPage(Browser browser, String origin) {
    this.browser = browser;
    this.origin = origin;
  }

  /** Loads /demo and waits until its first round of requests is done. */
  DemoPage open() {
    browser.open(origin + "/demo");
    awaitReady();
    return this;
  }

  /** Loads /demo with nothing remembered (no key, session or model). */
  DemoPage openFresh() {
    // Storage is cleared from a page of the same origin that runs no script, so nothing writes it back.
    browser.open(origin + "/health");
    browser.js("localStorage.clear()");
    return open();
  }

  DemoPage reload() {
    browser.driver().navigate().refresh();
    awaitReady();
    return this;
  }

  void awaitReady() {
    browser.await(d -> "true".equals(browser.find("body").getDomAttribute("data-ready")));
  }

  /** Types the key and the model into the settings form and saves them. */
  DemoPage saveSettings(String key, String model) {
    return saveSettings(key, model, "");
  }

  /** Types the key and the model, picks the reasoning effort ("": the model's default) and saves them. */
  DemoPage saveSettings(String key, String model, String reasoningEffort) {
    if (browser.find("#settings").getDomAttribute("open") == null) {
      browser.find("#settings summary").click();
    }
    type(browser.find("#api-key"), key);
    type(browser.find("#model"), model);
    browser.find("#reasoning option[value='" + reasoningEffort + "']").click();
    browser.find("#save-settings").click();
    awaitReady();
    return this;
  }

  private static void type(WebElement input, String text) {
    input.clear();
    input.sendKeys(text);
  }

  /** Types a message and presses Enter; returns once the page shows the turn as started. */
  void send(String text) {
    int before = answers().size();
    browser.find("#message").sendKeys(text, Keys.ENTER);
    browser.await(d -> answers().size() == before + 1);
  }

  /** Waits until the last answer is no longer streaming and returns its bubble. */
  WebElement awaitAnswerEnd() {
    browser.await(TURN, d -> browser.driver().findElements(By.cssSelector("#messages .msg.streaming")).isEmpty());
    return lastAnswer();
  }

  List<WebElement> answers() {
    return browser.driver().findElements(By.cssSelector("#messages .msg.assistant"));
  }

  WebElement lastAnswer() {
    List<WebElement> answers = answers();
    return answers.get(answers.size() - 1);
  }

  /** The text of the last answer as rendered (Markdown applied), trimmed. */
  String lastAnswerText() {
    return browser.js("const all = document.querySelectorAll('#messages .msg.assistant .content');"
        + "return all.length ? all[all.length - 1].textContent.trim() : '';");
  }

  boolean lastAnswerStreaming() {
    return browser.js("const all = document.querySelectorAll('#messages .msg.assistant');"
        + "return all.length > 0 && all[all.length - 1].classList.contains('streaming');");
  }

  String streamState() {
    return browser.find("#stream-state").getDomAttribute("data-state");
  }

  String status() {
    return browser.find("#status").getText();
  }

  String sessionId() {
    return browser.find("#session-id").getText();
  }

  String figure(String name) {
    return browser.find("#fig-" + name).getText();
  }

  void click(String css) {
    browser.find(css).click();
  }

  /** The session list's button for {@code id}, once the list shows it. */
  WebElement sessionButton(String id) {
    By button = By.cssSelector("#sessions button[data-id='" + id + "']");
    browser.await(d -> !d.findElements(button).isEmpty());
    return browser.driver().findElement(button);
  }

  /** Clicks the session's button in the list (retrying if the list was re-rendered meanwhile). */
  void openSession(String id) {
    browser.await(d -> {
      sessionButton(id).click();
      return true;
    });
    browser.await(d -> sessionId().equals(id));
  }

  /** Waits until the session list shows {@code text} on the session's button. */
  void awaitSessionShows(String id, String text) {
    browser.await(d -> sessionButton(id).getText().contains(text));
  }

  /**
   * How the page sits in the window: horizontal overflow in pixels, whether the message box and Send are
   * on screen, the form controls without a label and the buttons without a name.
   */
  Map<String, Object> layout() {
    return browser.js("const r = (id) => document.getElementById(id).getBoundingClientRect();"
        + "const view = document.documentElement;"
        + "return {overflow: view.scrollWidth - view.clientWidth,"
        + " sendVisible: r('send').bottom <= view.clientHeight && r('send').right <= view.clientWidth,"
        + " messageVisible: r('message').top >= 0 && r('message').bottom <= view.clientHeight,"
        + " unlabelled: [...document.querySelectorAll('input, textarea, select')]"
        + "   .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.id),"
        + " nameless: [...document.querySelectorAll('button')].filter(b => !b.textContent.trim()).length};");
  }

  /** The id of the element that has the keyboard focus. */
  String focused() {
    return browser.js("return document.activeElement ? document.activeElement.id : null");
  }
}
