package dev.streamgate.llm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What one event of an OpenAI chat-completions stream says: the text delta of the first choice, its
 * finish reason, the usage (with {@code include_usage}, in a last chunk of its own) or an error.
 *
 * <p>Read with Jackson's streaming parser: one pass over the data, no tree per token; every field
 * the gateway does not use (ids, logprobs, tool-call deltas, refusal…) is skipped.
 */
record OpenAiEvent(String content, String finishReason, Usage usage, String error) {

  private static final JsonFactory JSON = new JsonFactory();

  /** Parses one {@code data:} payload; throws {@link IOException} when it is not a JSON object. */
  static OpenAiEvent parse(String data) throws IOException {
    try (JsonParser parser = JSON.createParser(data)) {
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
      return new OpenAiEvent(fields.content, fields.finishReason, fields.usage, fields.error);
    }
  }

  /** Mutable scratch space while one event is read. */
  private static final class Fields {
    String content;
    String finishReason;
    Usage usage;
    String error;
  }

  private static void readChoices(JsonParser parser, JsonToken value, Fields fields) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      parser.skipChildren();
      return;
    }
    boolean first = true;
    for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
      if (first && item == JsonToken.START_OBJECT) {
        readChoice(parser, fields);
      } else {
        parser.skipChildren();
      }
      first = false;
    }
  }

  private static void readChoice(JsonParser parser, Fields fields) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("delta".equals(name) && value == JsonToken.START_OBJECT) {
        fields.content = readContent(parser);
      } else if ("finish_reason".equals(name) && value == JsonToken.VALUE_STRING) {
        fields.finishReason = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
  }

  private static String readContent(JsonParser parser) throws IOException {
    String content = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("content".equals(name) && value == JsonToken.VALUE_STRING) {
        content = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    return content;
  }

  private static Usage readUsage(JsonParser parser) throws IOException {
    long prompt = 0;
    long completion = 0;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("prompt_tokens".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
        prompt = parser.getLongValue();
      } else if ("completion_tokens".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
        completion = parser.getLongValue();
      } else {
        parser.skipChildren();
      }
    }
    return new Usage(prompt, completion);
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
