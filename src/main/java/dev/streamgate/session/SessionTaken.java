package dev.streamgate.session;

/** A store was asked to insert a session whose id another session has: two turns raced to create it. */
public final class SessionTaken extends RuntimeException {

  public SessionTaken(String id) {
    super("Session " + id + " already exists", null, false, false);
  }
}
