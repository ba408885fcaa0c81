package dev.streamgate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What a client asked of a turn besides its messages: the tools the model may call, whether it may,
 * must or must not call one ({@code toolChoice}, null when not said), and the generation parameters.
 * JSON: {@code tools} (as {@link Tool} writes them), {@code tool_choice}, and the parameters' own fields
 * ({@link GenerationParams}).
 */
public record TurnOptions(List<Tool> tools, ToolChoice toolChoice, GenerationParams params) {

  public static final TurnOptions NONE = new TurnOptions(List.of(), null, GenerationParams.NONE);

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    tools.forEach(tool -> list.add(tool.toJson()));
    return params.toJson().put("tools", list).put("tool_choice", toolChoice == null ? null : toolChoice.toJson());
  }

  public static TurnOptions fromJson(JsonObject json) {
    if (json == null) {
      return NONE;
    }
    JsonArray list = json.getJsonArray("tools", new JsonArray());
    return new TurnOptions(list.stream().map(tool -> Tool.fromJson((JsonObject) tool)).toList(),
        ToolChoice.fromJson(json.getValue("tool_choice")), GenerationParams.fromJson(json));
  }
}
