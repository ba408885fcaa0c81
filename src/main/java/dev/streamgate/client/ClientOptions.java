package dev.streamgate.client;

import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The client's command line: {@code [--url URL] [--key KEY]}, falling back to {@code STREAMGATE_URL} and
 * {@code STREAMGATE_API_KEY}, then to a local node on the default port. The key is only ever sent as a
 * header: {@link #toString()} leaves it out.
 */
record ClientOptions(String url, String key) {

  static final String DEFAULT_URL = "http://localhost:8000";
  static final String USAGE = """
      usage: java -jar streamgate.jar client [--url URL] [--key KEY]
        --url URL   the Streamgate server (default: $STREAMGATE_URL, else %s)
        --key KEY   API key sent as 'Authorization: Bearer' (default: $STREAMGATE_API_KEY)
      Ctrl-C stops the answer being streamed; at the prompt it leaves (exit status 130).
      Ctrl-D (end of input) and /quit leave with status 0.""".formatted(DEFAULT_URL);

  /** Fails with a message naming the bad argument. */
  static ClientOptions parse(List<String> args, Map<String, String> env) {
    String url = env.getOrDefault("STREAMGATE_URL", DEFAULT_URL);
    String key = env.get("STREAMGATE_API_KEY");
    for (Iterator<String> it = args.iterator(); it.hasNext(); ) {
      String arg = it.next();
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
      switch (name) {
        case "--url" -> url = value != null ? value : valueOf(name, it);
        case "--key" -> key = value != null ? value : valueOf(name, it);
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    return new ClientOptions(checkedUrl(url), key == null || key.isBlank() ? null : key.strip());
  }

  String url(String path) {
    return url + path;
  }

  @Override
  public String toString() {
    return "ClientOptions[url=" + url + ", key=" + (key == null ? "none" : "set") + "]";
  }

  private static String valueOf(String name, Iterator<String> it) {
    if (!it.hasNext()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return it.next();
  }

  private static String checkedUrl(String url) {
    String trimmed = url.strip().replaceAll("/+$", "");
    try {
      URI uri = URI.create(trimmed);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return trimmed;
      }
    } catch (IllegalArgumentException bad) {
      // reported below
    }
    throw new IllegalArgumentException("--url must be an http:// or https:// address, got \"" + url + "\"");
  }
}
