package dev.streamgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.Http;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real entry point in its own JVM, configured through real environment variables. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MainTest {

  @Test
  void aBadValueStopsTheNodeWithOneLineNamingTheKey() throws Exception {
    Process node = launch(Map.of("PORT", "eighty"));
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).isEqualTo(1);
    List<String> errors = lines(node.getErrorStream().readAllBytes());
    assertThat(errors).containsExactly(
        "streamgate: Invalid configuration: http.port (PORT or BACKEND_PORT) must be a whole number from 0 to 65535, "
            + "got \"eighty\"");
  }

  @Test
  void startsOnTheBackendPortOfTheSeedAndStreams() throws Exception {
    int port = freePort();
    Process node = launch(Map.of("BACKEND_PORT", String.valueOf(port), "MOCK_DELAY_MS", "1"));
    try {
      awaitHealthy("http://127.0.0.1:" + port + "/health", node);
      try (EventStream stream = EventStream.post("http://127.0.0.1:" + port + "/chat/stream",
          new JsonObject().put("message", "from a real process"))) {
        List<EventStream.Event> events = stream.rest();
        assertThat(events.get(events.size() - 1).json().getString("type")).isEqualTo("complete");
      }
    } finally {
      node.destroy();
      assertThat(node.waitFor(20, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
    }
  }

  private static Process launch(Map<String, String> env) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().keySet().removeIf(name -> name.equals("PORT") || name.startsWith("LLM_")
        || name.startsWith("OPENAI_") || name.equals("CONFIG"));
    builder.environment().putAll(env);
    return builder.start();
  }

  private static void awaitHealthy(String url, Process node) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      assertThat(node.isAlive()).as("node still running").isTrue();
      try {
        if (Http.get(url).status() == 200) {
          return;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("node did not become healthy at " + url);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static List<String> lines(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }
}
