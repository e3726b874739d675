package dev.corral.gate.tls;

/**
 * {@code ssl_session_cache}: {@code off} (sessions are never reused from a server-side cache and clients are told
 * so), {@code none} (nginx's default: no cache, though tickets still resume), or a cache of {@code size} sessions
 * ({@code builtin[:size]}, {@code shared:name:size}; shared caches are per gate process here, as the gate is one
 * process). Immutable.
 *
 * @param size the number of sessions kept when {@code mode} is {@link Mode#CACHE}, else 0
 */
public record SessionCache(Mode mode, long size) {
  /** What the cache does. */
  public enum Mode { OFF, NONE, CACHE }

  /** nginx's builtin cache default: 20480 sessions. */
  public static final long BUILTIN_DEFAULT_SIZE = 20480;
  /** Sessions per megabyte of a shared zone, as nginx documents (about 4000 per megabyte). */
  public static final long SESSIONS_PER_MEGABYTE = 4000;

  public SessionCache {
    if (size < 0) {
      throw new IllegalArgumentException("size: " + size + " (expected: >= 0)");
    }
  }

  /** nginx's default, {@code none}. */
  public static SessionCache none() {
    return new SessionCache(Mode.NONE, 0);
  }
}
