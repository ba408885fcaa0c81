package dev.streamgate.llm;

import dev.streamgate.bus.LlmRequest;
import io.vertx.core.Future;
import java.util.Set;

/** One model API. Implementations stream the answer to a {@link ChunkSink} and never block. */
public interface Provider {

  /** The name clients see in {@code complete} events and errors ("openai", "mock"). */
  String name();

  /**
   * What this API honours of what a turn may ask beyond text ({@code TurnOptions#asks}: parameter
   * names, {@code tools}, {@code tool_choice}, images): it maps each to its own request. A turn that
   * asks anything else is refused before it reaches it ({@link ProviderFit}).
   */
  Set<String> honours();

  /** Starts streaming the answer to {@code request} from {@code model}. */
  Generation start(LlmRequest request, String model, ChunkSink sink);

  /**
   * The input tokens {@code request} would cost with {@code model}, as the API counts them; null when
   * it has no counter (OpenAI's, Ollama's, the mock). Fails with a {@link ProviderFailure} when the API refuses
   * or cannot be reached.
   */
  default Future<Long> countTokens(LlmRequest request, String model) {
    return Future.succeededFuture();
  }
}
