package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** JSON schemas as clients write them, in Gemini's OpenAPI subset: looser where Gemini cannot say it, never stricter. */
class GeminiSchemaTest {

  @Test
  void aRecursiveReferenceIsInlinedOnceThenAPlainObject() {
    JsonObject tree = new JsonObject("{\"$ref\":\"#/definitions/Node\",\"definitions\":{\"Node\":{\"type\":\"object\","
        + "\"properties\":{\"name\":{\"type\":\"string\"},\"children\":{\"type\":\"array\","
        + "\"items\":{\"$ref\":\"#/definitions/Node\"}}}}}}");
    assertThat(GeminiSchema.of(tree)).isEqualTo(new JsonObject("{\"type\":\"object\",\"properties\":{"
        + "\"name\":{\"type\":\"string\"},\"children\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}"));
  }

  @Test
  void unionsBecomeAnyOfAndUnknownKeywordsAndFormatsAreLeftOut() {
    JsonObject schema = new JsonObject("{\"type\":\"object\",\"properties\":{"
        + "\"id\":{\"type\":[\"string\",\"integer\"],\"format\":\"uuid\"},"
        + "\"when\":{\"type\":\"string\",\"format\":\"date-time\",\"examples\":[\"2026-01-01T00:00:00Z\"]},"
        + "\"size\":{\"type\":\"integer\",\"format\":\"int64\",\"exclusiveMinimum\":0,\"multipleOf\":2},"
        + "\"pick\":{\"oneOf\":[{\"type\":\"number\"},{\"type\":\"boolean\"}]},"
        + "\"level\":{\"type\":\"integer\",\"enum\":[1,2,3]},"
        + "\"any\":{\"allOf\":[{\"type\":\"string\",\"maxLength\":3}]}},\"patternProperties\":{\"^x\":{}}}");
    assertThat(GeminiSchema.of(schema)).isEqualTo(new JsonObject("{\"type\":\"object\",\"properties\":{"
        + "\"id\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]},"
        + "\"when\":{\"type\":\"string\",\"format\":\"date-time\"},"
        + "\"size\":{\"type\":\"integer\",\"format\":\"int64\"},"
        + "\"pick\":{\"anyOf\":[{\"type\":\"number\"},{\"type\":\"boolean\"}]},"
        + "\"level\":{\"type\":\"integer\"},"
        + "\"any\":{\"type\":\"string\",\"maxLength\":3}}}"));
  }

  @Test
  void anObjectWithoutPropertiesIsEmptyAsParameters() {
    assertThat(GeminiSchema.empty(new JsonObject().put("type", "object"))).isTrue();
    assertThat(GeminiSchema.empty(new JsonObject("{\"type\":\"object\",\"properties\":{\"a\":{}}}"))).isFalse();
  }
}
