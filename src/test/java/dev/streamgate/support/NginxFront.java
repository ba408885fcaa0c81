package dev.streamgate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The real nginx (Debian's {@code /usr/sbin/nginx}) running the repository's {@code conf/nginx.conf},
 * with only what a test must change: the upstream block lists the test's nodes, it listens on a free
 * loopback port, and its files go under {@code dir}.
 */
public final class NginxFront implements AutoCloseable {

  private static final Path NGINX = Path.of("/usr/sbin/nginx");

  private final Process process;
  private final String url;
  private final Path dir;

  private NginxFront(Process process, String url, Path dir) {
    this.process = process;
    this.url = url;
    this.dir = dir;
  }

  /** Starts nginx in front of the nodes listening on {@code nodePorts}; returns once it answers {@code /health}. */
  public static NginxFront start(Path dir, List<Integer> nodePorts) {
    try {
      int port = freePort();
      Files.createDirectories(dir.resolve("tmp"));
      Path conf = Files.writeString(dir.resolve("nginx.conf"),
          forTest(Files.readString(Path.of("conf/nginx.conf")), nodePorts, port));
      Process process = new ProcessBuilder(NGINX.toString(), "-p", dir + "/", "-e", dir.resolve("error.log").toString(),
          "-c", conf.toString(), "-g", "daemon off; pid " + dir.resolve("nginx.pid") + ";")
          .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
      NginxFront front = new NginxFront(process, "http://127.0.0.1:" + port, dir);
      front.awaitAnswering();
      return front;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url(String path) {
    return url + path;
  }

  /** conf/nginx.conf with the test's nodes as its upstream servers, its own port, and files under its directory. */
  static String forTest(String conf, List<Integer> nodePorts, int frontPort) {
    String servers = nodePorts.stream().map(p -> "    server 127.0.0.1:" + p + ";").collect(Collectors.joining("\n"));
    String adapted = conf
        .replaceFirst("(?m)^\\s*server 127\\.0\\.0\\.1:8000;$", servers.replace("$", "\\$"))
        .replaceAll("\\n\\s*server 127\\.0\\.0\\.1:800[12];", "")
        .replace("listen 8080;", "listen 127.0.0.1:" + frontPort + ";")
        .replace("http {", "http {\n  access_log off;\n  client_body_temp_path tmp/body;\n  proxy_temp_path tmp/proxy;\n"
            + "  fastcgi_temp_path tmp/fastcgi;\n  uwsgi_temp_path tmp/uwsgi;\n  scgi_temp_path tmp/scgi;");
    if (!adapted.contains(servers) || adapted.contains(":8001") || adapted.contains(":8002")
        || adapted.contains("listen 8080")) {
      throw new IllegalStateException("conf/nginx.conf no longer has the upstream block or listen line this test rewrites");
    }
    return adapted;
  }

  /** Any answer at all (even a node's 503) means nginx is up: waits up to 15 s, or until nginx exits. */
  private void awaitAnswering() {
    Eventually.within(Duration.ofSeconds(15)).untilAsserted("nginx to answer /health (see " + dir + ")", () -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited with status " + process.exitValue() + "; see " + dir);
      }
      Http.statusOnceListening(url + "/health");
    });
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
