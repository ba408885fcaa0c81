package dev.streamgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.Main;
import dev.streamgate.support.GatewayUnderTest;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code streamgate client} as a script runs it: the real entry point in its own JVM, stdin and stdout pipes. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientProcessTest {

  @Test
  void theClientSubcommandChatsOverPipesAndExitsZeroAtTheEndOfInput(Vertx vertx) throws Exception {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process client = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "client", "--url", gateway.url("")).start();
    CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(client));
    try (OutputStream stdin = client.getOutputStream()) {
      stdin.write("Hello from a pipe\n/sessions\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(client.waitFor(45, TimeUnit.SECONDS)).as("exits at the end of input").isTrue();
    assertThat(client.exitValue()).isZero();
    assertThat(stdout.get(5, TimeUnit.SECONDS))
        .contains("🌊 STREAMGATE SSE MULTI-TURN CHAT CLIENT 🌊", "› Hello from a pipe\n",
            "You said: \"Hello from a pipe\".", "Status: SUCCESS", "ALL ACTIVE SESSIONS (1)", "👋 Goodbye!")
        .doesNotContain("\u001b");
  }

  private static String read(Process process) {
    try {
      return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
