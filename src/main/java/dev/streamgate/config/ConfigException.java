package dev.streamgate.config;

/**
 * A configuration value that cannot be used. The message is one line that names the key (and the
 * environment variable that sets it) and says what is wrong, so a node that refuses to start tells
 * the operator exactly what to fix. No stack trace: this is a user error, not a bug.
 */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
