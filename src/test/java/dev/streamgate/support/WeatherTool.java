package dev.streamgate.support;

import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionTool;
import java.util.List;
import java.util.Map;

/** The function tool the tool-calling tests give a model: {@code get_weather(city)}. */
public final class WeatherTool {

  /** As OpenAI's client declares it. */
  public static final ChatCompletionTool SDK = ChatCompletionTool.ofFunction(ChatCompletionFunctionTool.builder()
      .function(FunctionDefinition.builder().name("get_weather").description("The weather in a city")
          .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
              .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
              .putAdditionalProperty("required", JsonValue.from(List.of("city"))).build())
          .build()).build());

  private WeatherTool() {
  }
}
