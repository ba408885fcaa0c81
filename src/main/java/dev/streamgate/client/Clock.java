package dev.streamgate.client;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times and durations the way the seed's client prints them: {@code 0:05:23}, {@code 14:26:52}, {@code 2.111s}. */
final class Clock {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private Clock() {
  }

  static String hms(Duration duration) {
    long seconds = Math.max(0, duration.getSeconds());
    return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }

  static String hms(double seconds) {
    return hms(Duration.ofMillis((long) (seconds * 1000)));
  }

  /** Local time of day of an ISO-8601 instant as the server sends it. */
  static String timeOfDay(String instant) {
    return TIME.format(Instant.parse(instant).atZone(ZoneId.systemDefault()));
  }

  /** Time since an ISO-8601 instant. */
  static String since(String instant) {
    return hms(Duration.between(Instant.parse(instant), Instant.now()));
  }

  static String now() {
    return STAMP.format(LocalTime.now());
  }

  static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.3fs", seconds);
  }
}
