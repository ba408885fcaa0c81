package dev.streamgate.bus;

import java.util.ArrayList;
import java.util.List;

/** Tool calls assembled from the deltas that stream them: each call's start, then its argument fragments in order. */
public final class ToolCalls {

  private ToolCalls() {
  }

  /** The calls of answer {@code choice} in {@code deltas}, in the order of their indexes' first appearance. */
  public static List<ToolCall> assemble(List<Delta> deltas, int choice) {
    List<Integer> indexes = new ArrayList<>();
    List<String[]> calls = new ArrayList<>(); // id, name, arguments
    for (Delta delta : deltas) {
      if (delta.choice() != choice
          || delta.kind() != Delta.Kind.TOOL_CALL && delta.kind() != Delta.Kind.TOOL_ARGUMENTS) {
        continue;
      }
      int at = indexes.indexOf(delta.tool());
      if (at < 0) {
        indexes.add(delta.tool());
        calls.add(new String[] {null, null, ""});
        at = calls.size() - 1;
      }
      String[] call = calls.get(at);
      if (delta.kind() == Delta.Kind.TOOL_CALL) {
        call[0] = delta.id() != null ? delta.id() : call[0];
        call[1] = delta.name() != null ? delta.name() : call[1];
      } else {
        call[2] += delta.text();
      }
    }
    return calls.stream().map(call -> new ToolCall(call[0], call[1], call[2].isEmpty() ? "{}" : call[2])).toList();
  }
}
