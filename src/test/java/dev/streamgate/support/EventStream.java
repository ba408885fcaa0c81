package dev.streamgate.support;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * An event stream read by OkHttp's spec-following SSE client (not our own parser), as events
 * arrive. {@link #next()} waits for the next event; closing cancels the call like a client leaving.
 */
public final class EventStream implements AutoCloseable {

  private static final OkHttpClient CLIENT = new OkHttpClient.Builder()
      .readTimeout(30, TimeUnit.SECONDS).retryOnConnectionFailure(false).build();
  private static final Object END = new Object();

  /** One received event; {@code data} is JSON for every native event. */
  public record Event(String id, String type, String data) {
    public JsonObject json() {
      return new JsonObject(data);
    }
  }

  private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
  private final EventSource source;
  private final CountDownLatch opened = new CountDownLatch(1);
  private volatile Response response;
  private volatile Throwable failure;

  private EventStream(Request request) {
    source = EventSources.createFactory(CLIENT).newEventSource(request, new EventSourceListener() {
      @Override
      public void onOpen(EventSource eventSource, Response open) {
        response = open;
        opened.countDown();
      }

      @Override
      public void onEvent(EventSource eventSource, String id, String type, String data) {
        items.add(new Event(id, type, data));
      }

      @Override
      public void onClosed(EventSource eventSource) {
        items.add(END);
      }

      @Override
      public void onFailure(EventSource eventSource, Throwable t, Response failed) {
        failure = t;
        response = failed == null ? response : failed;
        items.add(END);
        opened.countDown();
      }
    });
  }

  /** {@code POST url} with a JSON body and {@code Accept: text/event-stream}. */
  public static EventStream post(String url, JsonObject body) {
    return new EventStream(new Request.Builder().url(url).header("Accept", "text/event-stream")
        .post(RequestBody.create(body.encode(), MediaType.get("application/json"))).build());
  }

  /** {@code GET url} as an EventSource sends it, with extra headers (name, value, name, value…). */
  public static EventStream get(String url, String... headers) {
    Request.Builder request = new Request.Builder().url(url).header("Accept", "text/event-stream")
        .header("Cache-Control", "no-cache");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return new EventStream(request.build());
  }

  /** The next event, waiting up to 10 s; null once the server has ended the stream. */
  public Event next() throws InterruptedException {
    Object item = items.poll(10, TimeUnit.SECONDS);
    if (item == null) {
      throw new AssertionError("no event within 10 s");
    }
    if (item == END) {
      items.add(END);
      return null;
    }
    return (Event) item;
  }

  /** Every remaining event until the server ends the stream. */
  public List<Event> rest() throws InterruptedException {
    List<Event> events = new ArrayList<>();
    for (Event e = next(); e != null; e = next()) {
      events.add(e);
    }
    return events;
  }

  /** The events up to and including the next of type {@code type}; fails when the server ends the stream first. */
  public List<Event> until(String type) throws InterruptedException {
    List<Event> events = new ArrayList<>();
    for (Event e = next(); e != null; e = next()) {
      events.add(e);
      if (type.equals(e.type())) {
        return events;
      }
    }
    throw new AssertionError("the stream ended before a '" + type + "' event: " + events);
  }

  /** Waits (up to 10 s) until the server has answered with its headers, then the response. */
  public Response awaitOpen() throws InterruptedException {
    if (!opened.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the stream did not open within 10 s");
    }
    return response;
  }

  public Response response() {
    return response;
  }

  /** The transport failure that ended the stream, if any (a clean end of stream is none). */
  public Throwable failure() {
    return failure;
  }

  @Override
  public void close() {
    source.cancel();
  }
}
