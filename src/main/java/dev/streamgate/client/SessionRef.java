package dev.streamgate.client;

/** The session the client talks in, as the server named it. */
record SessionRef(String id, String model) {

  /** The first eight characters and an ellipsis, as the seed's prompt shows a session. */
  String shortId() {
    return shortId(id);
  }

  static String shortId(String id) {
    return id.length() > 8 ? id.substring(0, 8) + "..." : id;
  }
}
