package dev.streamgate.llm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.streamgate.bus.Delta;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one event of an OpenAI chat-completions stream says, for every choice in it: the typed deltas
 * in order (reasoning, text, a refusal, the start of a tool call and its argument fragments), each choice's finish
 * reason, the usage (with {@code include_usage}, in a last chunk of its own) or an error.
 *
 * <p>Read with Jackson's streaming parser, the thread's own ({@link JsonDocuments}): one pass over the
 * data, no tree and no parser per token; the fields the gateway does not relay (ids, logprobs, the
 * role) are skipped. The reasoning comes as {@code reasoning_content} (DeepSeek, vLLM) or
 * {@code reasoning} (OpenRouter, newer vLLM).
 */
record OpenAiEvent(List<Delta> deltas, List<Delta> finishes, Usage usage, String error) {

  /**
   * Parses one {@code data:} payload from its UTF-8 bytes, {@code data[0..length)}; throws
   * {@link IOException} when it is not one JSON object.
   */
  static OpenAiEvent parse(byte[] data, int length) throws IOException {
    return JsonDocuments.read(data, length, OpenAiEvent::read);
  }

  private static OpenAiEvent read(JsonParser parser) throws IOException {
    expect(parser, JsonToken.START_OBJECT);
    Fields fields = new Fields();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "choices" -> readChoices(parser, value, fields);
        case "usage" -> fields.usage = value == JsonToken.START_OBJECT ? readUsage(parser) : null;
        case "error" -> fields.error = readError(parser, value);
        default -> parser.skipChildren();
      }
    }
    return new OpenAiEvent(fields.deltas, fields.finishes, fields.usage, fields.error);
  }

  /** Mutable scratch space while one event is read. */
  private static final class Fields {
    final List<Delta> deltas = new ArrayList<>(2);
    final List<Delta> finishes = new ArrayList<>(1);
    Usage usage;
    String error;
  }

  private static void readChoices(JsonParser parser, JsonToken value, Fields fields) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      parser.skipChildren();
      return;
    }
    for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
      if (item == JsonToken.START_OBJECT) {
        readChoice(parser, fields);
      } else {
        parser.skipChildren();
      }
    }
  }

  /**
   * One choice: its deltas are numbered with the index read before them (servers send it first); one
   * that comes after its delta numbers them again.
   */
  private static void readChoice(JsonParser parser, Fields fields) throws IOException {
    int index = 0;
    int deltasFrom = fields.deltas.size();
    int numberedAs = 0;
    String finish = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("index".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
        index = parser.getIntValue();
      } else if ("delta".equals(name) && value == JsonToken.START_OBJECT) {
        readDelta(parser, index, fields.deltas);
        numberedAs = index;
      } else if ("finish_reason".equals(name) && value == JsonToken.VALUE_STRING) {
        finish = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    for (int i = deltasFrom; numberedAs != index && i < fields.deltas.size(); i++) {
      Delta delta = fields.deltas.get(i);
      fields.deltas.set(i, new Delta(delta.kind(), index, delta.text(), delta.tool(), delta.id(), delta.name()));
    }
    if (finish != null) {
      fields.finishes.add(Delta.finish(index, FinishReasons.normalize(finish)));
    }
  }

  private static void readDelta(JsonParser parser, int choice, List<Delta> read) throws IOException {
    String content = null;
    String refusal = null;
    String reasoning = null;
    List<Delta> calls = List.of();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("content".equals(name) && value == JsonToken.VALUE_STRING) {
        content = parser.getText();
      } else if ("refusal".equals(name) && value == JsonToken.VALUE_STRING) {
        refusal = parser.getText();
      } else if (("reasoning_content".equals(name) || "reasoning".equals(name)) && value == JsonToken.VALUE_STRING) {
        reasoning = parser.getText();
      } else if ("tool_calls".equals(name) && value == JsonToken.START_ARRAY) {
        calls = readToolCalls(parser, choice);
      } else {
        parser.skipChildren();
      }
    }
    if (reasoning != null && !reasoning.isEmpty()) {
      read.add(Delta.reasoning(choice, reasoning));
    }
    if (content != null && !content.isEmpty()) {
      read.add(Delta.text(choice, content));
    }
    if (refusal != null && !refusal.isEmpty()) {
      read.add(Delta.refusal(choice, refusal));
    }
    read.addAll(calls);
  }

  /** Tool-call deltas: the first of a call has its id and name, the others argument fragments. */
  private static List<Delta> readToolCalls(JsonParser parser, int choice) throws IOException {
    List<Delta> calls = new ArrayList<>(2);
    for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
      if (item != JsonToken.START_OBJECT) {
        parser.skipChildren();
        continue;
      }
      int index = 0;
      String id = null;
      String function = null;
      String arguments = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("index".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
          index = parser.getIntValue();
        } else if ("id".equals(name) && value == JsonToken.VALUE_STRING) {
          id = parser.getText();
        } else if ("function".equals(name) && value == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken text = parser.nextToken();
            if ("name".equals(field) && text == JsonToken.VALUE_STRING) {
              function = parser.getText();
            } else if ("arguments".equals(field) && text == JsonToken.VALUE_STRING) {
              arguments = parser.getText();
            } else {
              parser.skipChildren();
            }
          }
        } else {
          parser.skipChildren();
        }
      }
      if (id != null || function != null) {
        calls.add(Delta.toolCall(choice, index, id, function));
      }
      if (arguments != null && !arguments.isEmpty()) {
        calls.add(Delta.toolArguments(choice, index, arguments));
      }
    }
    return calls;
  }

  private static Usage readUsage(JsonParser parser) throws IOException {
    long[] counts = new long[4]; // prompt, completion, cached, reasoning
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "prompt_tokens" -> counts[0] = number(parser, value);
        case "completion_tokens" -> counts[1] = number(parser, value);
        case "prompt_tokens_details" -> counts[2] = detail(parser, value, "cached_tokens");
        case "completion_tokens_details" -> counts[3] = detail(parser, value, "reasoning_tokens");
        default -> parser.skipChildren();
      }
    }
    return new Usage(counts[0], counts[1], counts[2], counts[3]);
  }

  private static long number(JsonParser parser, JsonToken value) throws IOException {
    return value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : 0;
  }

  private static long detail(JsonParser parser, JsonToken value, String field) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return 0;
    }
    long count = 0;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken number = parser.nextToken();
      if (field.equals(name)) {
        count = number(parser, number);
      } else {
        parser.skipChildren();
      }
    }
    return count;
  }

  /** {@code "error": {"message": …}} as OpenAI sends it, or a bare string as some compatible servers do. */
  private static String readError(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    if (value != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return null;
    }
    String message = "unknown error";
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken field = parser.nextToken();
      if ("message".equals(name) && field == JsonToken.VALUE_STRING) {
        message = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    return message;
  }

  private static void expect(JsonParser parser, JsonToken token) throws IOException {
    if (parser.nextToken() != token) {
      throw new IOException("expected " + token);
    }
  }
}
