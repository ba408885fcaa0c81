package dev.streamgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The start-up settings read before Vert.x exists: defaults, environment, system properties over it, validation. */
class NodeStartTest {

  private static Properties props(String... keyValues) {
    Properties sys = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      sys.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return sys;
  }

  @Test
  void defaultsAreANodeAloneWithVertxMetricsOnButNotItsEventBusMeters() {
    assertThat(ConfigLoader.nodeStart(Map.of(), new Properties()))
        .isEqualTo(new NodeStart(false, true, false, "conf/cluster.xml", ""));
  }

  @Test
  void eachComesFromItsVariableTrimmedAndInAnyCase() {
    NodeStart start = ConfigLoader.nodeStart(Map.of("CLUSTER", " TRUE ", "VERTX_METRICS", "False",
        "VERTX_EVENTBUS_METRICS", "True", "CLUSTER_CONFIG", " /etc/streamgate/cluster.xml ",
        "CLUSTER_HOST", "10.0.0.7"), new Properties());
    assertThat(start).isEqualTo(new NodeStart(true, false, true, "/etc/streamgate/cluster.xml", "10.0.0.7"));
  }

  @Test
  void aSystemPropertyBeatsTheEnvironment() {
    NodeStart start = ConfigLoader.nodeStart(Map.of("CLUSTER", "true", "CLUSTER_HOST", "10.0.0.7"),
        props("CLUSTER", "false", "CLUSTER_HOST", "127.0.0.1", "VERTX_METRICS", "false"));
    assertThat(start).isEqualTo(new NodeStart(false, false, false, "conf/cluster.xml", "127.0.0.1"));
  }

  @Test
  void blankValuesMeanTheDefaults() {
    assertThat(ConfigLoader.nodeStart(Map.of("CLUSTER", " ", "VERTX_METRICS", "", "CLUSTER_CONFIG", "  "),
        new Properties())).isEqualTo(new NodeStart(false, true, false, "conf/cluster.xml", ""));
  }

  @Test
  void aFlagThatIsNeitherTrueNorFalseFailsNamingItsVariable() {
    assertThatThrownBy(() -> ConfigLoader.nodeStart(Map.of("CLUSTER", "yes"), new Properties()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid configuration: CLUSTER must be one of false, true, got \"yes\"");
    assertThatThrownBy(() -> ConfigLoader.nodeStart(Map.of(), props("VERTX_METRICS", "off")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid configuration: VERTX_METRICS must be one of false, true, got \"off\"");
  }
}
