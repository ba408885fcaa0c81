package dev.streamgate.journal;

/** A client's reading, through this node, of what another node (its home) keeps: one turn, or one channel. */
interface RemoteReading {

  /** The cluster id of the node that sends the entries. */
  String home();

  /** True once the reading has ended, for whatever reason. */
  boolean over();

  /** The home node left the cluster before the reading ended. */
  void homeLeft();
}
