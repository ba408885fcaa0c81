package dev.streamgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The terminal's width: {@code $COLUMNS} first; what is not a positive number does not count. */
class TerminalWidthTest {

  @Test
  void columnsFromTheEnvironmentComeFirst() {
    assertThat(new TerminalWidth(Map.of("COLUMNS", "57")).getAsInt()).isEqualTo(57);
  }

  @Test
  void aColumnsValueThatIsNotAPositiveNumberIsIgnored() {
    assertThat(TerminalWidth.columns(" 90 ")).isEqualTo(90);
    assertThat(TerminalWidth.columns("wide")).isZero();
    assertThat(TerminalWidth.columns("-3")).isZero();
    assertThat(TerminalWidth.columns(null)).isZero();
    assertThat(new TerminalWidth(Map.of("COLUMNS", "wide")).getAsInt()).as("stty's answer, else 80").isPositive();
  }
}
