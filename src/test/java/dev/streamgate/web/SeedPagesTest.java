package dev.streamgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The browser code of the event-channel seeds, run as written in real Chromium on the gateway's
 * origin (its own EventSource, fetch and cookies): seed 000's SSE class and A(), seed 002's POST then
 * EventSource (here opened only after the answer has ended), seed 001's EventSource with JSON messages.
 */
@Tag("browser")
@ExtendWith(VertxExtension.class)
class SeedPagesTest {

  /** Seed 000 as written (its comments left out); console.log / console.clear are captured for the test. */
  static final String SEED_000 = """
      window.logs = [];
      console.log = (...args) => window.logs.push(args.map(a => typeof a === 'string' ? a : JSON.stringify(a)));
      console.clear = () => window.logs.push(['clear']);
      function newMessage(text){
          return {
              type: 'conversation',
              conversation_id: '',
              parent_message_id: "",
              text: text
          }
      }
      function A(data){
          fetch('/conversation', {
              method: 'POST',
              headers: {
                  'Content-Type': 'application/json'
              },
              body: JSON.stringify(newMessage(data))
          }).then(function(response) {
              return response.json();
          }).then(function(data) {
              console.log(data);
          });
      }
      class SSE {
          constructor(url) {
              this.url = url;
              this.eventSource = new EventSource(url);
              this.eventSource.addEventListener('message', this.onMessage.bind(this));
              this.eventSource.onerror = this.onError.bind(this);
              this.eventSource.onopen = this.onOpen.bind(this);
              this.eventSource.addEventListener('done', this.onDone.bind(this));
          }
          onMessage(event) {
              console.clear()
              console.log("casue I use console.clear(),the console refresh, dont worry it\\nmessage",event.data);
          }
          onError(event) {
              console.log("error",event);
          }
          onOpen(event) {
              console.log("open",event);
          }
          onDone(event) {
              console.log("done",event.data);
          }
      }
      e = new SSE('/events');
      window.e = e; window.A = A; // executeScript runs this in a function: hand the page's globals out
      """;

  private static GatewayUnderTest gateway;
  private static Browser browser;

  @BeforeAll
  static void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx, Map.of("MOCK_DELAY_MS", "5"));
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @BeforeEach
  void freshOrigin() {
    browser.driver().manage().deleteAllCookies();
    browser.open(gateway.url("/health"));
  }

  @Test
  void seed000PageGetsTheAnswerSoFarThenDoneOnItsEventSource() {
    browser.js(SEED_000);
    browser.await(d -> browser.<Boolean>js("return window.logs.some(l => l[0] === 'open')"));
    browser.js("A('hello from the seed page')");
    String done = browser.await(d -> browser.<String>js(
        "const l = window.logs.find(l => l[0] === 'done'); return l ? l[1] : null"));
    List<String> messages = browser.js("return window.logs.filter(l => l[0].startsWith('casue')).map(l => l[1])");

    JsonObject end = new JsonObject(done);
    assertThat(messages).hasSizeGreaterThan(1);
    assertThat(messages.get(messages.size() - 1)).isEqualTo(end.getString("text")).contains("hello from the seed page");
    for (int i = 1; i < messages.size(); i++) {
      assertThat(messages.get(i)).startsWith(messages.get(i - 1));
    }
    String ack = browser.await(d -> browser.<String>js(
        "const l = window.logs.find(l => l[0].includes('message_id')); return l ? l[0] : null"));
    assertThat(new JsonObject(ack).getString("message_id")).isEqualTo(end.getString("turn_id"));
    browser.js("window.e.eventSource.close()");
  }

  @Test
  void seed002EventSourceOpenedAfterTheAnswerEndedGetsEveryTokenThenEnd() {
    browser.js("""
        window.answer = ''; window.ended = null;
        fetch('/api/streaming', {method: 'POST', headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({prompt: 'stream to a late listener'})})
          .then(response => response.json())
          .then(posted => { window.posted = posted; return new Promise(done => setTimeout(done, 1000)); })
          .then(() => {
            const eventSource = new EventSource('/api/streaming');
            eventSource.addEventListener('newToken', event => { window.answer += event.data; });
            eventSource.addEventListener('end', event => { window.ended = event.data; eventSource.close(); });
          });
        """);
    String ended = browser.await(d -> browser.<String>js("return window.ended"));
    String session = browser.js("return window.posted.conversation_id");
    String stored = Http.get(gateway.url("/sessions/" + session)).json().getJsonArray("messages").getJsonObject(1)
        .getString("content");
    assertThat(browser.<String>js("return window.answer")).isEqualTo(stored).contains("stream to a late listener");
    assertThat(new JsonObject(ended).getString("text")).isEqualTo(stored);
  }

  @Test
  void seed001EventSourceReadsEventAndDataThenStopsWhenTheServerCloses() {
    int sessionsBefore = Http.get(gateway.url("/sessions")).json().getInteger("total");
    browser.js("""
        window.received = []; window.errors = 0;
        window.source = new EventSource('/events?message=' + encodeURIComponent('one question only'));
        window.source.onmessage = (event) => {
          const data = JSON.parse(event.data);
          window.received.push(data);
        };
        window.source.onerror = () => { window.errors++; };
        """);
    // The server closes after done; the browser reconnects with Last-Event-ID, gets 204 and stops for good.
    browser.await(Duration.ofSeconds(15), d -> browser.<Long>js("return window.source.readyState") == 2L);
    List<Map<String, Object>> received = browser.js("return window.received");
    assertThat(received.get(0)).isEqualTo(Map.of("sender", "Server", "message", "Welcome to the SSE connection!"));
    Map<String, Object> done = received.get(received.size() - 1);
    assertThat(done.get("event")).isEqualTo("done");
    String answer = received.subList(1, received.size() - 1).stream()
        .peek(m -> assertThat(m.get("event")).isEqualTo("token")).map(m -> (String) m.get("data"))
        .reduce("", String::concat);
    @SuppressWarnings("unchecked")
    Map<String, Object> figures = (Map<String, Object>) done.get("data");
    assertThat(figures.get("text")).isEqualTo(answer);
    JsonObject history = Http.get(gateway.url("/sessions/" + figures.get("session_id"))).json();
    assertThat(history.getInteger("message_count")).as("the question was asked once").isEqualTo(2);
    assertThat(Http.get(gateway.url("/sessions")).json().getInteger("total")).isEqualTo(sessionsBefore + 1);
  }

  @Test
  void seed001HelloResourceStreamsAGreetingToTheSeedsEventSourceCode() {
    browser.js("""
        window.logs = [];
        console.log = (...args) => window.logs.push(args.join(' '));
        console.error = (...args) => window.logs.push('error ' + args.join(' '));
        const eventSource = new EventSource("/hello"); // Replace with your server endpoint

        eventSource.onmessage = (event) => {
          // Process the received event
          const data = JSON.parse(event.data); // Assuming JSON data
          console.log(`Received event: ${data.event}`);
          console.log(`Data: ${data.data}`);
          if (data.event === 'done') { window.done = data.data; }
        };

        eventSource.onerror = (error) => {
          console.error("Error:", error);
        };
        window.eventSource = eventSource;
        """);
    // The server closes after done; the reconnection gets 204 and the EventSource stops for good.
    browser.await(Duration.ofSeconds(15), d -> browser.<Long>js("return window.eventSource.readyState") == 2L);
    List<String> logs = browser.js("return window.logs");
    assertThat(logs.subList(0, 2)).as("the welcome message has neither event nor data")
        .containsExactly("Received event: undefined", "Data: undefined");
    assertThat(logs).contains("Received event: token", "Received event: done");
    assertThat(browser.<Map<String, Object>>js("return window.done").get("text").toString())
        .contains("You said: \"Hello!\"");
  }

  @Test
  void seed000AndSeed002PagesOnOneOriginEachKeepTheirOwnConversation() {
    browser.js(SEED_000);
    browser.await(d -> browser.<Boolean>js("return window.logs.some(l => l[0] === 'open')"));
    browser.js("""
        window.answer = ''; window.ended = null;
        fetch('/api/streaming', {method: 'POST', headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({prompt: 'asked on the 002 page'})})
          .then(response => response.json())
          .then(posted => {
            window.posted = posted;
            const eventSource = new EventSource('/api/streaming');
            eventSource.addEventListener('newToken', event => { window.answer += event.data; });
            eventSource.addEventListener('end', event => { window.ended = event.data; });
            window.streaming = eventSource;
          });
        """);
    browser.await(d -> browser.<String>js("return window.ended"));
    assertThat(browser.<String>js("return window.answer")).contains("asked on the 002 page");

    browser.js("A('asked on the 000 page')");
    String done = browser.await(d -> browser.<String>js(
        "const l = window.logs.find(l => l[0] === 'done'); return l ? l[1] : null"));
    assertThat(new JsonObject(done).getString("text")).contains("asked on the 000 page").doesNotContain("002");
    List<String> messages = browser.js("return window.logs.filter(l => l[0].startsWith('casue')).map(l => l[1])");
    assertThat(messages).as("the 002 page's answer never reaches the 000 page").noneMatch(m -> m.contains("002"));
    assertThat(browser.<String>js("return window.answer")).as("nor the other way round").doesNotContain("000 page");
    assertThat(browser.<String>js("return window.posted.conversation_id"))
        .isNotEqualTo(new JsonObject(done).getString("session_id"));
    browser.js("window.e.eventSource.close(); window.streaming.close()");
  }

  @Test
  void aSeed000PageThatHadItsCookieBeforeTheUpgradeKeepsItsConversation() {
    browser.driver().manage().addCookie(new org.openqa.selenium.Cookie("streamgate_channel", "kept-from-before"));
    browser.js(SEED_000);
    browser.await(d -> browser.<Boolean>js("return window.logs.some(l => l[0] === 'open')"));
    browser.js("A('still there?')");
    String done = browser.await(d -> browser.<String>js(
        "const l = window.logs.find(l => l[0] === 'done'); return l ? l[1] : null"));
    assertThat(new JsonObject(done).getString("session_id")).isEqualTo("kept-from-before");
    browser.js("window.e.eventSource.close()");
  }

  @Test
  void seed003BrowserCodeStreamsWithFetchAndWithAnEventSourceGivenItsMessageInTheUrl() {
    browser.js("""
        window.tokens = ''; window.completed = null; window.viaSource = ''; window.metadata = null;
        const accessToken = 'unused-without-keys';
        const conversationId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
        function appendToken(token) { window.tokens += token; }
        console.log = (label, data) => { if (label === 'Completed:') window.completed = data; };
        async function streamChat(message) {
          const response = await fetch('/api/v1/chat/', {
            method: 'POST',
            headers: {
              'Authorization': `Bearer ${accessToken}`,
              'Content-Type': 'application/json',
              'Accept': 'text/event-stream',
            },
            body: JSON.stringify({
              conversation_id: conversationId,
              message: message,
              stream: true
            })
          });

          const reader = response.body.getReader();
          const decoder = new TextDecoder();

          while (true) {
            const { done, value } = await reader.read();
            if (done) break;

            const chunk = decoder.decode(value);
            const lines = chunk.split('\\n');

            for (const line of lines) {
              if (line.startsWith('data: ')) {
                const jsonStr = line.substring(6);
                const data = JSON.parse(jsonStr);

                if (data.type === 'content') {
                  appendToken(data.content);
                } else if (data.type === 'metadata') {
                  console.log('Completed:', data);
                }
              }
            }
          }
        }
        streamChat('Explain the concept of Tawhid').then(() => {
          // The seed's EventSource example, its message given in the URL (an EventSource sends no body).
          const eventSource = new EventSource('/api/v1/chat/?conversation_id=' + conversationId
              + '&message=' + encodeURIComponent('And its opposite?'));
          eventSource.onmessage = (event) => {
            const data = JSON.parse(event.data);
            switch (data.type) {
              case 'content': window.viaSource += data.content; break;
              case 'metadata': window.metadata = data; eventSource.close(); break;
              case 'error': window.metadata = data; eventSource.close(); break;
            }
          };
        });
        """);
    Map<String, Object> metadata = browser.await(d -> browser.<Map<String, Object>>js("return window.metadata"));
    Map<String, Object> completed = browser.js("return window.completed");
    assertThat(completed.get("conversation_id")).isEqualTo("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    assertThat(metadata).containsEntry("type", "metadata")
        .containsEntry("conversation_id", "7c9e6679-7425-40de-944b-e07fc1f90ae7");
    JsonObject history = Http.get(gateway.url("/sessions/7c9e6679-7425-40de-944b-e07fc1f90ae7")).json();
    assertThat(history.getInteger("message_count")).isEqualTo(4);
    assertThat(browser.<String>js("return window.tokens"))
        .isEqualTo(history.getJsonArray("messages").getJsonObject(1).getString("content"));
    assertThat(browser.<String>js("return window.viaSource"))
        .isEqualTo(history.getJsonArray("messages").getJsonObject(3).getString("content")).contains("turn 2");
  }

  @Test
  void seed001FetchClientStreamsAChatCompletionFromANodeWithOnlyTheMock() {
    browser.js("""
        window.received = ''; window.finished = false;
        const endpoint = '/v1/chat/completions';
        const apiKey = 'any';
        const stream = true;
        const messages = [{role: 'user', content: 'Hello from seed 001'}];
        function getText(chunk) {
          return chunk.split('\\n').filter(l => l.startsWith('data: ') && l !== 'data: [DONE]')
            .map(l => JSON.parse(l.substring(6)).choices[0]?.delta?.content || '').join('');
        }
        function write(text) { window.received += text; }
        (async () => {
        const data = {
          model: 'gpt-3.5-turbo',
          messages: messages,
          temperature: 0.7,
          max_tokens: 150,
          top_p: 1.0,
          frequency_penalty: 0.0,
          presence_penalty: 0.0,
          stream: stream
        };

        const response = await fetch(endpoint, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Authorization': `Bearer ${apiKey}`,
          },
          body: JSON.stringify(data),
        });

        if (!response.ok) {
          const message = `An error has occurred: ${response.status}`;
          throw new Error(message);
        }

        const reader = response.body.getReader();
        while (true) {
          const { value, done } = await reader.read();
          if (done) break;
          const chunk = new TextDecoder().decode(value);
          text = getText(chunk)
          console.log("Received chunk: ", text);
          write(text)
        }
        window.finished = true;
        })().catch(e => { window.failed = String(e); });
        """);
    browser.await(d -> browser.<Boolean>js("return window.finished || !!window.failed"));
    assertThat(browser.<String>js("return window.failed || null")).isNull();
    assertThat(browser.<String>js("return window.received")).contains("You said: \"Hello from seed 001\"");
  }
}
