package dev.streamgate.client;

import java.io.IOException;

/** One row of the seed's command tables: the name typed, its table, what {@code /help} says, and what it does. */
record Command(String name, String group, String help, Action action) {

  static final String BASIC = "Basic Commands";
  static final String SESSIONS = "Session Management";

  /** A command's work; failures reach {@link ClientContext#report}. */
  interface Action {
    void run() throws IOException, InterruptedException;
  }
}
