package dev.streamgate.llm;

import dev.streamgate.config.GatewayConfig;
import io.vertx.core.MultiMap;

/**
 * The cheapest authenticated request each model API offers: its model list (free, and refused without a
 * valid key), as {@link ProviderProbe} sends it. Credentials go in the same headers the streaming calls
 * use, never in the URL; an empty key is not sent.
 *
 * @param url     absolute URL of the list
 * @param headers the request's headers, credentials included
 * @param secret  the key to scrub from anything a client may see; empty when there is none
 */
record ModelListRequest(String url, MultiMap headers, String secret) {

  /** The request for {@code provider}, one of the network providers of {@link GatewayConfig#PROVIDERS}. */
  static ModelListRequest of(String provider, GatewayConfig.Llm llm) {
    return switch (provider) {
      case "openai" -> of(llm.openai().baseUrl() + "/models", "Authorization", "Bearer ", llm.openai().apiKey());
      case "anthropic" -> {
        ModelListRequest request = of(llm.anthropic().baseUrl() + "/v1/models", "x-api-key", "",
            llm.anthropic().apiKey());
        request.headers().add("anthropic-version", AnthropicApi.VERSION);
        yield request;
      }
      case "gemini" -> of(llm.gemini().baseUrl() + "/v1beta/models", "x-goog-api-key", "", llm.gemini().apiKey());
      case "ollama" -> of(llm.ollama().baseUrl() + "/api/tags", "", "", "");
      default -> throw new IllegalArgumentException("no model list for provider " + provider);
    };
  }

  private static ModelListRequest of(String url, String keyHeader, String scheme, String key) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Accept", "application/json");
    if (!key.isEmpty()) {
      headers.add(keyHeader, scheme + key);
    }
    return new ModelListRequest(url, headers, key);
  }

  @Override
  public String toString() {
    return "ModelListRequest[" + url + "]";
  }
}
