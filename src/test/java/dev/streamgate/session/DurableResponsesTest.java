package dev.streamgate.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.TestDatabase;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stored responses in PostgreSQL: a Responses conversation with a tool call goes on by
 * {@code previous_response_id} on another node sharing the database, and again after every node was
 * stopped, each response read back as it was; a deleted one stays gone after the restart.
 */
@Tag("postgres")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableResponsesTest {

  private static final FunctionTool WEATHER = FunctionTool.builder().name("get_weather")
      .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
          .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string")))).build())
      .strict(false).build();

  private TestDatabase db;
  private final List<Vertx> nodes = new ArrayList<>();

  @BeforeEach
  void database() {
    db = TestDatabase.create();
  }

  @AfterEach
  void stop() {
    stopNodes();
    db.close();
  }

  @Test
  void aConversationGoesOnByPreviousResponseIdOnAnotherNodeAndAfterARestart() {
    Response called = call(node(), client -> client.responses().create(ResponseCreateParams.builder()
        .model("mock-echo").input("Lisbon").addTool(WEATHER).build()));
    ResponseFunctionToolCall call = called.output().stream().filter(ResponseOutputItem::isFunctionCall)
        .map(ResponseOutputItem::asFunctionCall).findFirst().orElseThrow();
    Response answered = call(node(), client -> client.responses().create(ResponseCreateParams.builder()
        .model("mock-echo").previousResponseId(called.id()).addTool(WEATHER)
        .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
            .callId(call.callId()).output("sunny, 24 °C").build()))).build()));
    assertThat(text(answered)).as("answered on a second node").isEqualTo("The tool get_weather returned: sunny, 24 °C");
    Response dropped = call(node(), client -> client.responses().create(ResponseCreateParams.builder()
        .model("mock-echo").input("forget me").build()));
    call(node(), client -> {
      client.responses().delete(dropped.id());
      return null;
    });

    stopNodes();
    GatewayUnderTest restarted = node();

    call(restarted, client -> {
      assertThat(client.responses().retrieve(answered.id())).isEqualTo(answered);
      assertThat(client.responses().retrieve(called.id()).output()).isEqualTo(called.output());
      assertThatThrownBy(() -> client.responses().retrieve(dropped.id())).isInstanceOf(NotFoundException.class);
      Response next = client.responses().create(ResponseCreateParams.builder().model("mock-echo")
          .previousResponseId(answered.id()).input("Thanks").build());
      assertThat(text(next)).startsWith("This is turn 2 of our conversation. You said: \"Thanks\".");
      return next;
    });
    assertThat(db.number("SELECT count(*) FROM streamgate_sessions")).as("three responses kept").isEqualTo(3);
  }

  /**
   * A response whose node stopped while it ran can never end: after the restart it is read back failed
   * ({@code node_lost}), not queued for ever, and cancel answers it as it stands.
   */
  @Test
  void aResponseCutByARestartIsReadBackFailedAndCancelledAsItStands() {
    Response running = call(node("50"), client -> client.responses().create(ResponseCreateParams.builder()
        .model("mock-echo").input("word ".repeat(200)).background(true).build()));
    assertThat(running.status()).contains(ResponseStatus.QUEUED);
    stopNodes();
    call(node(), client -> {
      Response lost = client.responses().retrieve(running.id());
      assertThat(lost.status()).contains(ResponseStatus.FAILED);
      assertThat(lost.error().orElseThrow().code().toString()).isEqualTo("node_lost");
      assertThat(client.responses().cancel(running.id())).isEqualTo(lost);
      return null;
    });
  }

  private interface Use<T> {
    T with(OpenAIClient client);
  }

  private static <T> T call(GatewayUnderTest node, Use<T> use) {
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(node.url("/v1")).apiKey("k").maxRetries(0).build();
    try {
      return use.with(client);
    } finally {
      client.close();
    }
  }

  private GatewayUnderTest node() {
    return node("1");
  }

  /** A node on the test's database whose mock answers a word every {@code delayMs}. */
  private GatewayUnderTest node(String delayMs) {
    Vertx vertx = Vertx.vertx();
    nodes.add(vertx);
    return GatewayUnderTest.start(vertx, Map.of("SESSION_STORE", "postgres", "DATABASE_URL", db.url(),
        "MOCK_DELAY_MS", delayMs));
  }

  private void stopNodes() {
    nodes.forEach(vertx -> vertx.close().await());
    nodes.clear();
  }

  private static String text(Response response) {
    return response.output().stream().flatMap(item -> item.message().stream())
        .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
        .map(text -> text.text()).collect(Collectors.joining());
  }
}
