package dev.streamgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client's command line: defaults, the environment, both option spellings, and a key kept out of sight. */
class ClientOptionsTest {

  @Test
  void defaultsToALocalNodeOnTheDefaultPortWithoutAKey() {
    ClientOptions options = ClientOptions.parse(List.of(), Map.of());
    assertThat(options.url("/health")).isEqualTo("http://localhost:8000/health");
    assertThat(options.key()).isNull();
  }

  @Test
  void argumentsWinOverTheEnvironmentInEitherSpelling() {
    Map<String, String> env = Map.of("STREAMGATE_URL", "http://env:1", "STREAMGATE_API_KEY", "sk-env");
    assertThat(ClientOptions.parse(List.of(), env)).isEqualTo(new ClientOptions("http://env:1", "sk-env"));
    assertThat(ClientOptions.parse(List.of("--url=https://gw.example/", "--key", "sk-arg"), env))
        .isEqualTo(new ClientOptions("https://gw.example", "sk-arg"));
  }

  @Test
  void theKeyNeverAppearsInTheOptionsText() {
    assertThat(ClientOptions.parse(List.of("--key", "sk-secret-123"), Map.of()).toString())
        .doesNotContain("sk-secret-123").contains("key=set");
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> ClientOptions.parse(List.of("--key"), Map.of())).hasMessage("--key needs a value");
    assertThatThrownBy(() -> ClientOptions.parse(List.of("--url", "localhost:8000"), Map.of()))
        .hasMessage("--url must be an http:// or https:// address, got \"localhost:8000\"");
  }
}
