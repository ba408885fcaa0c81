package dev.streamgate.bus;

/**
 * Every event-bus address, in one place. Request/reply commands carry JSON bodies built and parsed by
 * the records of this package; a turn's own commands carry those records themselves, and its chunk
 * stream {@link ChatChunk}s, each with its codec ({@link BusCodecs}: the same instance within a node,
 * the record's JSON between nodes). The README's "Event-bus contract" section is the same contract
 * as a table.
 */
public final class Addresses {

  // Every session command may carry "owner": the caller's API key fingerprint (null when keys are off).

  /** {@code {model?}} → session summary JSON; fails 429 when the owner keeps the most sessions allowed. */
  public static final String SESSION_CREATE = "session.create";
  /**
   * {@code {ids?, limit?, after?}} → {@link SessionListing}: {@code {sessions:[summary…], total}} as JSON
   * bytes, most recently updated first (then by id); only those in {@code ids} when given; with
   * {@code limit}, a page of at most that many after {@code after} (a page's {@code next}), and
   * {@code has_more} and {@code next} too. Chat sessions only: a stored response (meta
   * {@code {"kind": "response", …}}) is left out.
   */
  public static final String SESSION_LIST = "session.list";
  /** {@code {session_id}} → session detail JSON with messages (and {@code meta} if any); fails 404 when unknown. */
  public static final String SESSION_GET = "session.get";
  /** {@code {session_id}} → {@code {deleted:true, session_id}}; fails 404 when unknown. */
  public static final String SESSION_DELETE = "session.delete";
  /** {@code {session_id}} → {@code {cleared:true, session_id, message_count:0}}; fails 404 when unknown. */
  public static final String SESSION_CLEAR = "session.clear";
  /** {@code {}} → {@code {active_sessions, total_sessions_created}}. */
  public static final String SESSION_STATS = "session.stats";
  /**
   * {@link TurnBegin} → {@link TurnContext}: records the user message, hands back the model's context;
   * fails 404 for an unknown session (or an unknown {@code fork_of}), 429 as {@link #SESSION_CREATE} when it
   * would create one. With {@code fork_of}, a new session starts as a copy of that one's messages, stored
   * with this turn's messages and {@code meta} in one change; {@code whole_context} hands back every message.
   */
  public static final String SESSION_TURN_BEGIN = "session.turn.begin";
  /**
   * {@link TurnEnd} → {@code {message_count}}: stores the assistant reply, complete or interrupted, and
   * {@code meta} when given (replacing the session's, in the same atomic change: one transaction in
   * PostgreSQL); the reply comes once it is stored (committed, in a durable store), so a turn announces
   * completion after.
   */
  public static final String SESSION_TURN_END = "session.turn.end";

  /**
   * {@link LlmRequest} → {@link TurnAccepted} {@code {provider, model, control}} once accepted; chunks
   * then flow to the request's {@link #inbox}, and {@link StreamControl} messages for the turn go to the
   * {@code control} address. Fails 400 for an unknown model, and {@link LoopAffinity#STOPPING} from an
   * instance whose node is draining (nothing started: the caller asks another instance).
   */
  public static final String LLM_CHAT_START = "llm.chat.start";
  /** {@code {model}} → {@code {provider, model}} that would answer it; fails 400 when the model is unknown. */
  public static final String LLM_ROUTE = "llm.route";
  /**
   * {@link LlmRequest} (no turn id, no inbox) → {@code {provider, model, input_tokens?}}: the input tokens
   * as the API of the provider that would answer counts them, absent when that API has no counter (only
   * Anthropic's and Gemini's have one). Fails 400 for an unknown model, 502 when the provider refuses or
   * cannot be reached (the message fit for a client).
   */
  public static final String LLM_COUNT_TOKENS = "llm.count_tokens";
  /** {@code {}} → {@code {providers: {name: {state, consecutive_failures}}}}: the circuit breakers. */
  public static final String LLM_HEALTH = "llm.health";
  /**
   * {@code {}} → {@code {probes: {name: {reachable, status?, ms, models?, error?}}}}: each configured provider
   * but the mock asked for its model list, authenticated, with a short time-out; {@code status} is the
   * provider's HTTP status when it answered, {@code models} how many its 2xx answer lists, {@code error}
   * a message safe for clients (no key) when it answered otherwise or not at all. Never fails; results may
   * be a few seconds old (a probe is reused briefly).
   */
  public static final String LLM_PROBE = "llm.probe";

  private static final String LLM_CONTROL_PREFIX = "llm.chat.control.";
  private static final String INBOX_PREFIX = "gateway.inbox.";
  private static final String ENTRIES_PREFIX = "gateway.entries.";
  private static final String JOURNAL_PREFIX = "gateway.journal.";
  private static final String CHANNEL_PREFIX = "gateway.channel.";

  private Addresses() {
  }

  /**
   * The control address of one upstream verticle instance: {@link StreamControl} messages (cancel,
   * pause, resume; fire and forget) must reach the instance that runs the turn.
   */
  public static String llmControl(String instanceId) {
    return LLM_CONTROL_PREFIX + instanceId;
  }

  /**
   * The chunk address of one HTTP verticle instance: the {@link ChatChunk}s of all its turns (each names
   * its turn), registered once at start (cluster-wide on a clustered node) instead of once per turn.
   */
  public static String inbox(String instanceId) {
    return INBOX_PREFIX + instanceId;
  }

  /**
   * The entries address of one HTTP verticle instance: the {@link JournalEntries} of the other nodes'
   * turns it reads for its clients (each names its reading), registered once at start, as {@link #inbox}.
   */
  public static String entries(String instanceId) {
    return ENTRIES_PREFIX + instanceId;
  }

  /**
   * The journal endpoint of one clustered node with the http role ({@code nodeId}: its cluster node id,
   * which the node's turn ids end with): {@link JournalCommand}s from other nodes. {@code follow} →
   * {@code {opening}} (the data of the turn's first events) and then the turn's journal entries after
   * {@code after}, replayed then live, each once, in order, as {@link JournalEntries} to the asker's
   * {@code inbox} (its {@link #entries} address), the last ending the turn and the reading; or
   * {@code {ended: true}} when the turn ended by {@code after}; fails 404 for a turn that is unknown,
   * expired or another key's. {@code listen} (an event channel the node keeps, see {@link #channel}) →
   * {@code {}}, then the entries of the channel's turns that the stream is due (as a local stream of the
   * channel would get them: after its {@code Last-Event-ID}, or those nobody has read to the end, then
   * every new turn), as for {@code follow}; nothing ends that reading but an {@code unfollow} or the
   * node's leaving. {@code delivered} (no reply): a {@code listen} reader wrote a turn to its end.
   * {@code unfollow} (no reply) stops sending to a reader that left. {@code stop} → {@code {stopped}},
   * or fails 404.
   */
  public static String journal(String nodeId) {
    return JOURNAL_PREFIX + nodeId;
  }

  /**
   * The event channels one clustered node keeps ({@code nodeId}: its cluster node id), consumed by each
   * of its HTTP verticles: a {@link ChannelAsk} from another node → {@code {turn_id, session_id}} once
   * the turn has started in the channel; fails as starting the turn there does (404, 429, 503…).
   */
  public static String channel(String nodeId) {
    return CHANNEL_PREFIX + nodeId;
  }
}
