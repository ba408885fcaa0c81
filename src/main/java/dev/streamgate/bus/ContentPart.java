package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * One part of a message's content: text, or an image given by URL ({@code https://…}) or inline as a
 * base64 data URL ({@code data:image/png;base64,…}). JSON, as OpenAI's: {@code {"type":"text","text"}}
 * or {@code {"type":"image_url","image_url":{"url","detail"?}}}.
 */
public record ContentPart(String type, String text, String url, String detail) {

  public static final String TEXT = "text";
  public static final String IMAGE = "image_url";

  public static ContentPart text(String text) {
    return new ContentPart(TEXT, text, null, null);
  }

  public static ContentPart image(String url, String detail) {
    return new ContentPart(IMAGE, null, url, detail);
  }

  public boolean isText() {
    return TEXT.equals(type);
  }

  /** True for an image given inline, as a data URL. */
  public boolean inline() {
    return url != null && url.startsWith("data:");
  }

  /** An inline image's media type ({@code image/png}); null for one given by URL. */
  public String mediaType() {
    return inline() ? url.substring(5, url.indexOf(';') < 0 ? url.indexOf(',') : url.indexOf(';')) : null;
  }

  /** An inline image's base64 data; null for one given by URL. */
  public String base64() {
    return inline() ? url.substring(url.indexOf(',') + 1) : null;
  }

  public JsonObject toJson() {
    if (isText()) {
      return new JsonObject().put("type", TEXT).put("text", text);
    }
    JsonObject image = new JsonObject().put("url", url);
    if (detail != null) {
      image.put("detail", detail);
    }
    return new JsonObject().put("type", IMAGE).put("image_url", image);
  }

  public static ContentPart fromJson(JsonObject json) {
    if (TEXT.equals(json.getString("type"))) {
      return text(json.getString("text", ""));
    }
    JsonObject image = json.getJsonObject("image_url", new JsonObject());
    return image(image.getString("url"), image.getString("detail"));
  }
}
