package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become answers: the failure's status, the body in the shape the path's
 * clients read, and a failure nobody expected logged once with its stack trace, on every path.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ErrorMapperTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(ErrorMapper.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private HttpServer server;

  @BeforeEach
  void start(Vertx vertx) {
    logged.start();
    logger.addAppender(logged);
    Router router = Router.router(vertx);
    router.get("/v1/boom").handler(ctx -> {
      throw new IllegalStateException("a bug");
    });
    router.get("/boom").handler(ctx -> {
      throw new IllegalStateException("a bug");
    });
    router.get("/v1/limited").handler(ctx -> ctx.fail(new GatewayException(Failure.RATE_LIMITED, "slow down", 7)));
    router.get("/limited").handler(ctx -> ctx.fail(new GatewayException(Failure.RATE_LIMITED, "slow down", 7)));
    router.route().failureHandler(ErrorMapper::handle);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void release() {
    logger.detachAppender(logged);
  }

  @Test
  void anUnexpectedFailureIsLoggedOnceWithItsStackTraceAndAnsweredInThePathsShape() {
    Http.Reply openAi = Http.get(url("/v1/boom"));
    assertThat(openAi.status()).isEqualTo(500);
    assertThat(openAi.json()).isEqualTo(new JsonObject().put("error", new JsonObject()
        .put("message", "Internal server error").put("type", "server_error").putNull("param").put("code", "internal_error")));
    Http.Reply gateway = Http.get(url("/boom"));
    assertThat(gateway.status()).isEqualTo(500);
    assertThat(gateway.json()).isEqualTo(new JsonObject().put("error", new JsonObject()
        .put("code", "internal_error").put("message", "Internal server error")));
    assertThat(gateway.body()).doesNotContain("a bug");

    List<ILoggingEvent> errors = logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
    assertThat(errors).hasSize(2);
    assertThat(errors).allSatisfy(e -> assertThat(e.getThrowableProxy().getMessage()).isEqualTo("a bug"));
    assertThat(errors.get(0).getFormattedMessage()).contains("/v1/boom");
  }

  @Test
  void anExpectedRefusalIsNotLoggedAndSaysWhenToRetry() {
    for (String path : List.of("/v1/limited", "/limited")) {
      Http.Reply reply = Http.get(url(path));
      assertThat(reply.status()).isEqualTo(429);
      assertThat(reply.header("Retry-After")).isEqualTo("7");
      JsonObject error = reply.json().getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("rate_limited");
      assertThat(error.getString("message")).isEqualTo("slow down");
    }
    assertThat(logged.list).isEmpty();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }
}
