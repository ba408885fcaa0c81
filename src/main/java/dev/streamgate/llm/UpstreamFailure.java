package dev.streamgate.llm;

/**
 * Why an upstream call failed, in words fit for a client (no secrets), and whether trying again, or
 * trying the next provider of the route, could help: refused connections, 429, 5xx and "overloaded"
 * can; a bad key, a bad request or a blocked prompt cannot. {@code retryAfterMs} is the provider's own
 * {@code Retry-After}, or 0.
 */
public record UpstreamFailure(String code, String message, boolean retryable, long retryAfterMs) {

  public static UpstreamFailure fatal(String code, String message) {
    return new UpstreamFailure(code, message, false, 0);
  }

  public static UpstreamFailure transientFailure(String code, String message) {
    return new UpstreamFailure(code, message, true, 0);
  }
}
