package dev.streamgate.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The benchmark's fake OpenAI-compatible provider, run as a process of its own:
 * {@code java -cp … dev.streamgate.bench.BenchProvider <host> [port]}. It lives apart from the load
 * generator because each side holds one socket per open stream, and the open-files limit (20,000 here)
 * is per process. Prints {@code PORT <n>} once listening; exits when its standard input closes, so it
 * never outlives the driver that started it, even one killed without running its shutdown hooks.
 */
public final class BenchProvider {

  private BenchProvider() {
  }

  public static void main(String[] args) {
    String host = args.length > 0 ? args[0] : "127.0.0.2";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : freePort(host);
    int loops = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(loops))
        .build();
    // One verticle per event loop; Vert.x shares the listening socket and spreads connections over them.
    vertx.deployVerticle(() -> new ProviderVerticle(host, port), new DeploymentOptions().setInstances(loops))
        .onSuccess(id -> {
          System.out.println("PORT " + port + " native=" + vertx.isNativeTransportEnabled() + " loops=" + loops);
          System.out.flush();
        })
        .onFailure(err -> {
          err.printStackTrace();
          System.exit(1);
        });
    exitWhenParentGoes();
  }

  /** A port free right now on {@code host}: all verticle instances must name the same one to share it. */
  static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void exitWhenParentGoes() {
    Thread watcher = new Thread(() -> {
      try (InputStream in = System.in) {
        while (in.read() >= 0) {
          // nothing is sent on stdin; reading only detects its end
        }
      } catch (IOException ignored) {
        // treated like the end of the input
      }
      System.exit(0);
    }, "parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
