package dev.streamgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.yaml.snakeyaml.Yaml;

/**
 * The API docs: the OpenAPI document names every route the server mounts and every event its dialects
 * send, and /docs (Swagger UI, served locally) shows every one of those operations in a real browser.
 * The route list is read from the route classes' sources, so a route added without documenting it
 * fails here.
 */
@Tag("browser")
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DocsPageTest {

  private static final Path HTTP_SOURCES = Path.of("src/main/java/dev/streamgate/http");
  private static final Path DIALECT_SOURCES = Path.of("src/main/java/dev/streamgate/dialect");
  /** {@code router.get("/path")}, {@code router.post(...)}…, and the static routes {@code serve(router, "/path", …)}. */
  private static final Pattern ROUTE = Pattern.compile(
      "router\\.(get|post|put|patch|delete)\\(\"([^\"]+)\"\\)|serve\\(router, \"([^\"]+)\"");
  private static final Pattern EVENT_TYPE = Pattern.compile("\\.put\\(\"(?:type|object|event)\", \"([^\"]+)\"\\)");
  /** The SSE event names the event-channel formats write: {@code SseWriter.event(id, "name", data)}. */
  private static final Pattern EVENT_NAME = Pattern.compile("SseWriter\\.event\\((?:[^,(]|\\([^)]*\\))*, \"([^\"]+)\"");

  private static GatewayUnderTest gateway;
  private static Browser browser;

  @BeforeAll
  static void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx, Map.of("GATEWAY_API_KEYS", "sk-docs-0123456789"));
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @Test
  void theDocumentDescribesEveryRouteAndNothingElse() throws IOException {
    Set<String> routes = mountedRoutes();
    assertThat(routes).as("routes found in the sources").contains("POST /chat/stream", "GET /sessions/{}", "GET /health");
    assertThat(documentedOperations()).isEqualTo(routes);
    // A key given twice (say two 503 answers of one operation, merged from two changes) is legal to some
    // parsers and breaks Swagger UI: refuse it here, with the key's name.
    new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .readTree(Http.get(gateway.url("/openapi.json")).body());
    // The endpoint list that GET / publishes is documented too.
    JsonObject info = Http.get(gateway.url("/")).json();
    assertThat(info.getJsonObject("endpoints").fieldNames().stream().map(DocsPageTest::normalize))
        .isSubsetOf(routes);
  }

  @Test
  void theDocumentDescribesEveryEventTheDialectsSend() throws IOException {
    Set<String> sent = new TreeSet<>();
    try (Stream<Path> files = Files.list(DIALECT_SOURCES)) {
      for (Path file : files.filter(f -> f.toString().matches(".*(Dialect|Format)\\.java")).toList()) {
        String source = Files.readString(file);
        for (Pattern pattern : List.of(EVENT_TYPE, EVENT_NAME)) {
          Matcher m = pattern.matcher(source);
          while (m.find()) {
            sent.add(m.group(1));
          }
        }
      }
    }
    assertThat(sent).as("event types found in the dialects")
        .contains("session_info", "chunk", "complete", "error", "chat.completion.chunk", "content", "metadata",
            "message", "done", "newToken", "end", "token");
    JsonObject schemas = openApi().getJsonObject("components").getJsonObject("schemas");
    Set<String> documented = schemas.fieldNames().stream()
        .map(name -> schemas.getJsonObject(name).getJsonObject("properties"))
        .filter(properties -> properties != null)
        .flatMap(properties -> Stream.of("type", "object", "event").map(properties::getJsonObject))
        .filter(property -> property != null && property.getJsonArray("enum") != null)
        .flatMap(property -> property.getJsonArray("enum").stream().map(String::valueOf))
        .collect(Collectors.toSet());
    assertThat(documented).containsAll(sent);
  }

  @Test
  void theDocsPageListsEveryEndpoint() throws IOException {
    browser.resize(1280, 860);
    browser.open(gateway.url("/docs"));
    Set<String> routes = mountedRoutes();
    List<String> shown = browser.await(d -> {
      List<String> operations = browser.js("return [...document.querySelectorAll('.opblock')].map(op =>"
          + " op.querySelector('.opblock-summary-method').textContent + ' '"
          + " + op.querySelector('.opblock-summary-path').getAttribute('data-path'))");
      return operations.size() >= routes.size() ? operations : null;
    });
    assertThat(shown.stream().map(DocsPageTest::normalize).collect(Collectors.toSet())).isEqualTo(routes);
    assertThat(shown).doesNotHaveDuplicates();
    assertThat(browser.driver().findElements(By.cssSelector(".errors-wrapper"))).isEmpty();
    assertThat(browser.find(".btn.authorize").isDisplayed()).as("a way to try the API with a key").isTrue();
    List<String> resources = browser.js("return performance.getEntriesByType('resource').map(e => e.name)");
    assertThat(resources).as("everything the page loaded").isNotEmpty()
        .allSatisfy(url -> assertThat(url).startsWith(gateway.url("/")));
    browser.screenshotWholePage("docs-01-endpoints");

    Http.Reply document = Http.get(gateway.url("/openapi.json"));
    assertThat(document.status()).isEqualTo(200);
    assertThat(document.contentType()).startsWith("application/json");
    Http.Reply yaml = Http.get(gateway.url("/openapi.yaml"));
    assertThat(yaml.status()).isEqualTo(200);
    assertThat(yaml.contentType()).startsWith("application/yaml");
    Map<String, Object> parsed = new Yaml().load(yaml.body());
    assertThat(new JsonObject(parsed)).as("the YAML is the same document").isEqualTo(document.json());
  }

  /** {@code METHOD /path} of every route the http package mounts, except the static file trees ({@code /x/*}). */
  static Set<String> mountedRoutes() throws IOException {
    Set<String> routes = new TreeSet<>();
    try (Stream<Path> files = Files.list(HTTP_SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = ROUTE.matcher(Files.readString(file));
        while (m.find()) {
          String route = m.group(2) != null ? m.group(1).toUpperCase(Locale.ROOT) + " " + m.group(2) : "GET " + m.group(3);
          if (!route.endsWith("/*")) {
            routes.add(normalize(route));
          }
        }
      }
    }
    return routes;
  }

  private static Set<String> documentedOperations() {
    Set<String> operations = new TreeSet<>();
    JsonObject paths = openApi().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      paths.getJsonObject(path).fieldNames().stream().filter(key -> !key.equals("parameters"))
          .forEach(method -> operations.add(normalize(method.toUpperCase(Locale.ROOT) + " " + path)));
    }
    return operations;
  }

  private static JsonObject openApi() {
    return Http.get(gateway.url("/openapi.json")).json();
  }

  /**
   * One spelling for a route: path parameters as {@code {}} (Vert.x {@code :id}, OpenAPI {@code {session_id}})
   * and no trailing slash ({@code /api/v1/chat} and {@code /api/v1/chat/} are one endpoint).
   */
  static String normalize(String route) {
    String normalized = route.replaceAll(":[A-Za-z_]+", "{}").replaceAll("\\{[A-Za-z_]+}", "{}");
    return normalized.length() > 5 && normalized.endsWith("/") && !normalized.endsWith(" /")
        ? normalized.substring(0, normalized.length() - 1) : normalized;
  }
}
