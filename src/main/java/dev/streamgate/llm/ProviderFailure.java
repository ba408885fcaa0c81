package dev.streamgate.llm;

/** Thrown by a {@link StreamReader} when the provider's stream reports or reveals a failure. */
final class ProviderFailure extends RuntimeException {

  private final UpstreamFailure failure;

  ProviderFailure(UpstreamFailure failure) {
    super(failure.message(), null, false, false);
    this.failure = failure;
  }

  UpstreamFailure failure() {
    return failure;
  }
}
