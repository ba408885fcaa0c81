package dev.streamgate.http;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** Reads JSON object request bodies, turning every way they can be wrong into 400 or 415. */
final class JsonBodies {

  private JsonBodies() {
  }

  /** The body as a JSON object; 415 unless sent as {@code application/json}, 400 unless a JSON object. */
  static JsonObject required(RoutingContext ctx) {
    return parse(ctx.request().getHeader("Content-Type"), ctx.body().buffer());
  }

  /** {@link #required} on a content type and a body (either may be null). */
  static JsonObject parse(String type, Buffer body) {
    if (type == null || !type.toLowerCase().trim().startsWith("application/json")) {
      throw new GatewayException(Failure.UNSUPPORTED_MEDIA_TYPE,
          "Send the body as JSON with 'Content-Type: application/json'");
    }
    String text = utf8(body);
    if (text == null || text.isBlank()) {
      throw GatewayException.badRequest("The request body must be a JSON object");
    }
    try {
      Object value = Json.decodeValue(text);
      if (value instanceof JsonObject json) {
        return json;
      }
      throw GatewayException.badRequest("The request body must be a JSON object");
    } catch (DecodeException e) {
      throw GatewayException.badRequest("The request body is not valid JSON");
    }
  }

  /** Like {@link #required} but an empty body is an empty object (for endpoints whose fields are all optional). */
  static JsonObject optional(RoutingContext ctx) {
    String text = ctx.body().asString();
    return text == null || text.isBlank() ? new JsonObject() : required(ctx);
  }

  /** An optional boolean field: null when absent, 400 naming the field when it holds anything but true or false. */
  static Boolean flag(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    throw GatewayException.badRequest("'" + field + "' must be true or false");
  }

  /** JSON is UTF-8 (RFC 8259): a body that is not is refused rather than stored with replacement characters. */
  private static String utf8(Buffer body) {
    if (body == null) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body.getBytes())).toString();
    } catch (CharacterCodingException e) {
      throw GatewayException.badRequest("The request body is not valid UTF-8");
    }
  }
}
