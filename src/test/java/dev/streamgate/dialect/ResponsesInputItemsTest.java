package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.inputitems.InputItemListParams;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /v1/responses/{id}/input_items}, driven by OpenAI's Java SDK ({@code responses().inputItems()})
 * against the embedded mock: a response's whole conversation up to it, newest first unless asked, a page at
 * a time (the SDK's auto-pager walks {@code has_more} and {@code after}), each kind of item in its shape,
 * reasoning sealed when {@code include} asks; what is wrong refused by name.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResponsesInputItemsTest {

  private GatewayUnderTest gateway;
  private OpenAIClient client;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx, Map.of("MOCK_DELAY_MS", "1"));
    client = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("k").maxRetries(0).build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void aResponseListsTheConversationItWasGivenAPageAtATime() {
    Response thought = client.responses().create(ResponseCreateParams.builder().model("mock-echo").input("Hello")
        .reasoning(Reasoning.builder().effort(ReasoningEffort.LOW).build()).build());
    Response called = client.responses().create(ResponseCreateParams.builder().model("mock-echo").input("Rome")
        .previousResponseId(thought.id()).addTool(ResponsesDialectTest.WEATHER).build());
    ResponseFunctionToolCall call = called.output().stream().filter(ResponseOutputItem::isFunctionCall)
        .map(ResponseOutputItem::asFunctionCall).findFirst().orElseThrow();
    Response answered = client.responses().create(ResponseCreateParams.builder().model("mock-echo")
        .previousResponseId(called.id()).addTool(ResponsesDialectTest.WEATHER)
        .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
            .callId(call.callId()).output("sunny").build()))).build());

    JsonArray raw = Http.get(gateway.url("/v1/responses/" + answered.id() + "/input_items?order=asc")).json()
        .getJsonArray("data");
    assertThat(raw.stream().map(item -> ((JsonObject) item).getString("type")).toList()).as("oldest first")
        .containsExactly("message", "reasoning", "message", "message", "function_call", "function_call_output");
    assertThat(raw.getJsonObject(0).getJsonArray("content").getJsonObject(0))
        .isEqualTo(new JsonObject().put("type", "input_text").put("text", "Hello"));
    assertThat(raw.getJsonObject(1).getJsonArray("summary").getJsonObject(0).getString("text"))
        .isEqualTo(thought.output().get(0).asReasoning().summary().get(0).text());
    assertThat(raw.getJsonObject(1).containsKey("encrypted_content")).as("not asked for").isFalse();
    assertThat(raw.getJsonObject(2).getString("role")).isEqualTo("assistant");
    assertThat(raw.getJsonObject(2).getJsonArray("content").getJsonObject(0).getString("text"))
        .isEqualTo(ResponsesDialectTest.text(thought));
    assertThat(raw.getJsonObject(3).getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("Rome");
    assertThat(raw.getJsonObject(4).getString("call_id")).isEqualTo(call.callId());
    assertThat(raw.getJsonObject(5).getString("output")).isEqualTo("sunny");

    List<ResponseItem> walked = new ArrayList<>();
    client.responses().inputItems().list(answered.id(), InputItemListParams.builder().limit(1).build()).autoPager()
        .forEach(walked::add);
    assertThat(walked).as("newest first, one a page, every item once").hasSize(6);
    assertThat(walked.get(0).functionCallOutput().orElseThrow().output().asString()).isEqualTo("sunny");
    assertThat(walked.get(1).functionCall().orElseThrow().callId()).isEqualTo(call.callId());
    assertThat(walked.get(3).responseOutputMessage()).isPresent();
    assertThat(walked.get(4).asReasoning().summary().get(0).text())
        .isEqualTo(thought.output().get(0).asReasoning().summary().get(0).text());
    assertThat(walked.get(5).responseInputMessageItem().orElseThrow().role())
        .isEqualTo(com.openai.models.responses.ResponseInputMessageItem.Role.USER);

    JsonObject sealed = Http.get(gateway.url("/v1/responses/" + answered.id()
        + "/input_items?include[]=reasoning.encrypted_content&limit=2&before=" + raw.getJsonObject(3).getString("id")
        + "&order=asc")).json();
    assertThat(sealed.getJsonArray("data").stream().map(item -> ((JsonObject) item).getString("type")))
        .as("the two items before the user's second message").containsExactly("reasoning", "message");
    assertThat(sealed.getJsonArray("data").getJsonObject(0).getString("encrypted_content")).startsWith("sg1.");
    assertThat(sealed.getBoolean("has_more")).as("the user's first message before them").isTrue();

    assertThat(client.responses().inputItems().list(thought.id()).data())
        .as("the first response was given the user's message alone").hasSize(1);
  }

  @Test
  void whatCannotBeListedIsRefusedByName() {
    Response made = client.responses().create(ResponseCreateParams.builder().model("mock-echo").input("Hi").build());
    for (String query : List.of("limit=0", "limit=101", "order=up", "include=message.output_text.logprobs",
        "after=msg_nope")) {
      Http.Reply refused = Http.get(gateway.url("/v1/responses/" + made.id() + "/input_items?" + query));
      assertThat(refused.status()).as(query).isEqualTo(400);
      assertThat(refused.json().getJsonObject("error").getString("param")).as(query)
          .isEqualTo(query.substring(0, query.indexOf('=')));
    }
    assertThatThrownBy(() -> client.responses().inputItems().list("resp_nope")).isInstanceOf(NotFoundException.class);
    assertThat(Http.get(gateway.url("/v1/responses/" + made.id() + "/input_items")).json().getJsonArray("data"))
        .hasSize(1);
  }
}
