package dev.streamgate.dialect;

import dev.streamgate.GatewayException;
import java.net.URI;
import java.util.Base64;
import java.util.List;

/**
 * The images a request may carry, checked where they come in: a web address ({@code https://…} or
 * {@code http://…}) the provider fetches, or the image itself as a data URL whose base64 must decode
 * ({@code data:image/png;base64,…}; PNG, JPEG, GIF or WebP, the types every provider takes).
 */
public final class ImageSources {

  public static final List<String> MEDIA_TYPES = List.of("image/png", "image/jpeg", "image/gif", "image/webp");

  private ImageSources() {
  }

  /** {@code url} when it is a usable image source, else a 400 naming {@code path}. */
  public static String check(String url, String path) {
    if (url.startsWith("data:")) {
      return checkData(url, path);
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw invalid(path, "must be an http(s) URL or a base64 data URL of an image");
    }
    if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
        || uri.getHost() == null) {
      throw invalid(path, "must be an http(s) URL or a base64 data URL of an image");
    }
    return url;
  }

  private static String checkData(String url, String path) {
    int comma = url.indexOf(',');
    String header = comma < 0 ? url : url.substring(5, comma);
    if (comma < 0 || !header.endsWith(";base64")) {
      throw invalid(path, "must be a base64 data URL: data:<media type>;base64,<data>");
    }
    String mediaType = header.substring(0, header.length() - ";base64".length());
    if (!MEDIA_TYPES.contains(mediaType)) {
      throw invalid(path, "has media type '" + mediaType + "'; an image must be one of " + String.join(", ", MEDIA_TYPES));
    }
    try {
      if (Base64.getDecoder().decode(url.substring(comma + 1)).length == 0) {
        throw invalid(path, "holds no image data");
      }
    } catch (IllegalArgumentException e) {
      throw invalid(path, "is not valid base64 image data");
    }
    return url;
  }

  private static GatewayException invalid(String path, String mustBe) {
    return GatewayException.invalid(path, "'" + path + "' " + mustBe);
  }
}
