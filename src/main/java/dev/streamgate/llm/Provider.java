package dev.streamgate.llm;

import dev.streamgate.bus.LlmRequest;

/** One model API. Implementations stream the answer to a {@link ChunkSink} and never block. */
public interface Provider {

  /** The name clients see in {@code complete} events and errors ("openai", "mock"). */
  String name();

  /** Starts streaming the answer to {@code request} from {@code model}. */
  Generation start(LlmRequest request, String model, ChunkSink sink);
}
