package dev.streamgate.llm;

import dev.streamgate.Failure;
/**
 * Why an upstream call failed, in words fit for a client (no secrets), and whether trying again, or
 * trying the next provider of the route, could help: refused connections, 429, 5xx and "overloaded"
 * can; a bad key, a bad request or a blocked prompt cannot. {@code retryAfterMs} is the provider's own
 * {@code Retry-After}, or 0.
 */
public record UpstreamFailure(Failure failure, String message, boolean retryable, long retryAfterMs) {

  public static UpstreamFailure fatal(Failure failure, String message) {
    return new UpstreamFailure(failure, message, false, 0);
  }

  public static UpstreamFailure transientFailure(Failure failure, String message) {
    return new UpstreamFailure(failure, message, true, 0);
  }

  /** The wire code of the failure. */
  public String code() {
    return failure.code();
  }
}
