package dev.streamgate.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/**
 * The two wire formats the load generator speaks. {@code OPENAI} is the provider's own API (used
 * straight against it and through nginx); {@code NATIVE} is Streamgate's {@code POST /chat/stream}.
 * Each turns one SSE event's data into what matters to the verification: a token, the clean end,
 * an error, or nothing. JSON is read with Jackson's streaming parser, field by field, so the load
 * generator spends as little CPU as possible next to the relay it measures.
 */
enum Dialect {

  OPENAI("/v1/chat/completions") {
    @Override
    Buffer body(StreamSpec spec) {
      return new JsonObject().put("model", "bench").put("stream", true)
          .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", spec.prompt())))
          .toBuffer();
    }

    @Override
    Event decode(String data) {
      if ("[DONE]".equals(data)) {
        return Event.COMPLETE;
      }
      Fields f = Fields.read(data);
      if (f.error != null) {
        return new Event(Kind.ERROR, f.error + ": " + data);
      }
      return f.content != null ? new Event(Kind.TOKEN, f.content) : Event.OTHER;
    }
  },

  NATIVE("/chat/stream") {
    @Override
    Buffer body(StreamSpec spec) {
      return new JsonObject().put("message", spec.prompt()).toBuffer();
    }

    @Override
    Event decode(String data) {
      Fields f = Fields.read(data);
      if (f.error != null) {
        return new Event(Kind.ERROR, f.error + ": " + data);
      }
      if (f.type == null) {
        return Event.OTHER;
      }
      return switch (f.type) {
        case "chunk" -> Boolean.FALSE.equals(f.isFinal) ? new Event(Kind.TOKEN, f.text) : Event.OTHER;
        case "complete" -> Event.COMPLETE;
        case "error" -> new Event(Kind.ERROR, f.code + ": " + f.message);
        default -> Event.OTHER;
      };
    }
  };

  /** What one event means to the verification. */
  enum Kind { TOKEN, COMPLETE, ERROR, OTHER }

  /** One decoded event: a kind and, for tokens and errors, its text. */
  record Event(Kind kind, String text) {
    static final Event COMPLETE = new Event(Kind.COMPLETE, null);
    static final Event OTHER = new Event(Kind.OTHER, null);
  }

  private final String path;

  Dialect(String path) {
    this.path = path;
  }

  String path() {
    return path;
  }

  abstract Buffer body(StreamSpec spec);

  abstract Event decode(String data);

  /** The handful of fields either format needs, wherever they sit in the object. */
  private static final class Fields {
    private static final JsonFactory JSON = new JsonFactory();

    String type;
    String text;
    Boolean isFinal;
    String content;
    String code;
    String message;
    String error;

    static Fields read(String data) {
      Fields f = new Fields();
      try (JsonParser p = JSON.createParser(data)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          f.error = "not a JSON object";
          return f;
        }
        while (p.nextToken() != null) {
          if (p.currentToken() == JsonToken.FIELD_NAME) {
            f.field(p.currentName(), p);
          }
        }
      } catch (IOException malformed) {
        f.error = "malformed JSON";
      }
      return f;
    }

    private void field(String name, JsonParser p) throws IOException {
      JsonToken value = p.nextToken();
      switch (name) {
        case "type" -> type = p.getValueAsString();
        case "text" -> text = p.getValueAsString();
        case "is_final" -> isFinal = value == JsonToken.VALUE_TRUE ? Boolean.TRUE
            : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
        case "content" -> content = p.getValueAsString();
        case "code" -> code = p.getValueAsString();
        case "message" -> message = p.getValueAsString();
        case "error" -> {
          // OpenAI reports a failure mid-stream as {"error":{...}}; the whole event is the message.
          p.skipChildren();
          error = "provider error";
        }
        default -> {
          // anything else: an object or array value is walked by read()'s loop, a scalar skipped
        }
      }
    }
  }
}
