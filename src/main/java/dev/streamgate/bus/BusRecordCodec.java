package dev.streamgate.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * Event-bus codec for one of this package's immutable records (a turn's chunks, begin, context, upstream
 * request, acceptance and end, and the refusal of its tool results). Local delivery hands over the same
 * instance: the default JSON codec would build a JsonObject, deep-copy it on delivery and parse it back,
 * on every chunk and turn. The wire form, used only between clustered nodes, is the record's documented
 * JSON ({@code toJson}/{@code fromJson}), length-prefixed.
 */
final class BusRecordCodec<T> implements MessageCodec<T, T> {

  private final String name;
  private final Function<T, JsonObject> toJson;
  private final Function<JsonObject, T> fromJson;

  BusRecordCodec(String name, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
    this.name = name;
    this.toJson = toJson;
    this.fromJson = fromJson;
  }

  @Override
  public void encodeToWire(Buffer buffer, T body) {
    Buffer json = toJson.apply(body).toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return fromJson.apply(buffer.getBuffer(pos + 4, pos + 4 + length).toJsonObject());
  }

  @Override
  public T transform(T body) {
    return body;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
