package dev.streamgate.llm;

import dev.streamgate.bus.LlmRequest;
import dev.streamgate.bus.TurnOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a provider honours everything a turn asks ({@link TurnOptions#asks}: its parameters, tools,
 * images). What it cannot honour is refused with a 400 that names it and the provider, before any
 * stream; or, where the operator chose {@code llm.unsupportedParameters: drop}, a sampling hint it
 * cannot honour ({@link #DROPPABLE}) is left out of its request, with one log line per parameter. The
 * rest is never dropped (tools, images, the answer's bounds and shape, {@code n}): without it the
 * answer would not be the one asked for.
 */
final class ProviderFit {

  /** The parameters that only tune sampling: an answer without them is still the one asked for. */
  static final Set<String> DROPPABLE = Set.of("temperature", "top_p", "top_k", "seed", "presence_penalty",
      "frequency_penalty", "user", "parallel_tool_calls", "reasoning_effort", "verbosity", "prompt_cache_key",
      "safety_identifier");

  /** What {@code provider} (for {@code model}) would refuse and drop of a turn's asks. */
  record Verdict(String provider, String model, List<String> refused, List<String> dropped) {

    boolean refuses() {
      return !refused.isEmpty();
    }

    /** Why the turn is refused, for the client: what, by whom, and what to do. */
    String message() {
      boolean droppable = DROPPABLE.containsAll(refused);
      return "The " + provider + " provider (model " + model + ") cannot honour " + describe(refused)
          + "; remove " + (refused.size() == 1 ? "it" : "them") + ", or ask for a model of a provider that can"
          + (droppable ? " (or have the operator set llm.unsupportedParameters: drop)" : "");
    }

    private static String describe(List<String> asks) {
      return String.join(", ", asks.stream().map(ask -> switch (ask) {
        case TurnOptions.IMAGE_URL -> "images given by URL (send them as base64 data URLs)";
        case TurnOptions.IMAGE_DATA -> "images";
        case TurnOptions.UNSIGNED_TOOL_LOOP -> "'reasoning_effort' in a tool loop whose assistant message came back"
            + " without the signed thinking it was given (send that message back as it came: its thinking_blocks or"
            + " reasoning_details, Anthropic's thinking block with its signature, a Responses reasoning item with"
            + " include: ['reasoning.encrypted_content'])";
        default -> "'" + ask + "'";
      }).toList());
    }
  }

  /** A target that takes the turn, and the request it gets (without what it drops). */
  record Planned(ModelRouter.Target target, LlmRequest request, List<String> dropped) {
  }

  private final Map<String, Provider> providers;
  private final boolean drop;

  /** {@code drop}: the operator lets sampling hints a provider cannot honour be dropped. */
  ProviderFit(Map<String, Provider> providers, boolean drop) {
    this.providers = providers;
    this.drop = drop;
  }

  Verdict judge(ModelRouter.Target target, List<String> asks) {
    Set<String> honours = providers.get(target.provider()).honours();
    List<String> refused = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (String ask : asks) {
      if (!honours.contains(ask)) {
        (drop && DROPPABLE.contains(ask) ? dropped : refused).add(ask);
      }
    }
    return new Verdict(target.provider(), target.model(), List.copyOf(refused), List.copyOf(dropped));
  }

  /**
   * The targets of {@code plan} that can take {@code request}, each with its request. A fallback that
   * cannot is left out: it would answer another question. Null when the first target cannot.
   */
  List<Planned> plan(List<ModelRouter.Target> plan, LlmRequest request) {
    List<String> asks = request.asks();
    List<Planned> planned = new ArrayList<>(plan.size());
    for (ModelRouter.Target target : plan) {
      Verdict verdict = judge(target, asks);
      if (!verdict.refuses()) {
        planned.add(new Planned(target, request.dropping(verdict.dropped()), verdict.dropped()));
      } else if (planned.isEmpty()) {
        return null;
      }
    }
    return planned;
  }
}
