package dev.streamgate.http;

/** What the HTTP verticle learns from its streams: for the sweep, the node's figures and the logs. */
interface StreamHooks {

  void opened(TurnStream stream);

  void closed(TurnStream stream, boolean success, long nanos);
}
