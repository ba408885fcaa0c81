package dev.streamgate.bench;

/** Where the load generator sends streams, and in which wire format: direct, nginx or streamgate. */
record Target(String name, String host, int port, Dialect dialect) {

  String authority() {
    return host + ":" + port;
  }
}
