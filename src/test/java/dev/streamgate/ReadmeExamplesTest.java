package dev.streamgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.GatewayUnderTest;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's examples, run as a newcomer pastes them: every {@code bash} block followed at once by a
 * {@code text} block (the answer it gives) runs in bash, in an empty directory, against a fresh node
 * (its {@code localhost:8000} pointed at the node's port), and its output must read as the answer
 * does, where {@code …} stands for anything.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadmeExamplesTest {

  /** A bash block and, right after it, a text block; neither holds a fence. */
  private static final Pattern EXAMPLE = Pattern.compile("```bash\n((?:(?!```)[\\s\\S])*)```\n```text\n((?:(?!```)[\\s\\S])*)```\n");

  /** One pasted block and the answer the README says it gives. */
  record Example(String script, String answer) {
  }

  @Test
  void everyExampleWithItsAnswerGivesThatAnswer(Vertx vertx) throws Exception {
    List<Example> examples = examples(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
    assertThat(examples).as("the quick start's six dialects and the event channels' example").hasSizeGreaterThanOrEqualTo(7);
    GatewayUnderTest node = GatewayUnderTest.start(vertx, Map.of("MOCK_DELAY_MS", "5"));
    for (Example example : examples) {
      String output = run(example.script().replace("localhost:8000", "127.0.0.1:" + node.port()));
      assertThat(output).as("the output of\n%s", example.script()).matches(pattern(example.answer()));
    }
  }

  static List<Example> examples(String readme) {
    List<Example> examples = new ArrayList<>();
    Matcher matcher = EXAMPLE.matcher(readme);
    while (matcher.find()) {
      examples.add(new Example(matcher.group(1), matcher.group(2)));
    }
    return examples;
  }

  /** The answer as a pattern over the whole output: its text literally, {@code …} for anything, line ends trimmed. */
  static Pattern pattern(String answer) {
    String[] fragments = trimLines(answer).split("…", -1);
    return Pattern.compile("[\\s\\S]*?" + java.util.Arrays.stream(fragments).map(Pattern::quote)
        .collect(Collectors.joining("[\\s\\S]*?")) + "[\\s\\S]*");
  }

  private static String trimLines(String text) {
    return text.lines().map(String::stripTrailing).collect(Collectors.joining("\n"));
  }

  private static String run(String script) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("readme");
    Process bash = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).as("the example ends").isTrue();
    return trimLines(output);
  }
}
