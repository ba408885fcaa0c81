package dev.streamgate.llm;

/** One dispatched server-sent event: its type ("message" unless named), data and last event id. */
public record SseEvent(String type, String data, String id) {
}
