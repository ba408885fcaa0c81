package dev.streamgate.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Event-bus codec for {@link ChatChunk}. Local delivery hands over the same immutable instance (the
 * built-in JSON codec would deep-copy every token); the wire form, used only between clustered nodes,
 * is a length-prefixed JSON object.
 */
public final class ChatChunkCodec implements MessageCodec<ChatChunk, ChatChunk> {

  @Override
  public void encodeToWire(Buffer buffer, ChatChunk chunk) {
    Buffer json = chunk.toJson().toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public ChatChunk decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return ChatChunk.fromJson(buffer.getBuffer(pos + 4, pos + 4 + length).toJsonObject());
  }

  @Override
  public ChatChunk transform(ChatChunk chunk) {
    return chunk;
  }

  @Override
  public String name() {
    return "streamgate.chat-chunk";
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
