package dev.corral.gate.http;

/**
 * One step between routing and the content phase, as nginx's access-side phases (realip → limits → rewrite): it
 * lets the request through, answers it with a status, or suspends it and resumes it later on the connection's
 * event loop (a {@code limit_req} delay waits on the connection's timer, never blocking the loop). The phases of a
 * location are fixed when the configuration is loaded ({@link LocationRoute}).
 *
 * <p>Implementations are shared by every connection and thread: they keep per-request state only in the
 * {@link RequestContext} and must be thread-safe. {@link #check} is called on the request's event loop.
 */
public interface AccessPhase {
  /** {@link #check}'s verdict: go on with the next phase. */
  int NEXT = 0;
  /**
   * {@link #check}'s verdict: the phase called {@link FrontendHandler#suspendAccess} and the request waits;
   * the connection reads nothing more of it meanwhile, and the next phase runs when the wait ends.
   */
  int SUSPENDED = -1;
  /**
   * {@link #check}'s verdict: the phase answered the request itself ({@link FrontendHandler#writeLocal}) or handed
   * it on ({@link FrontendHandler#enterLocation} or {@link FrontendHandler#relocate} to another location): the rest of this location's phases do not run.
   */
  int ANSWERED = -2;

  /**
   * Decides about {@code request}.
   *
   * @return {@link #NEXT}, {@link #SUSPENDED}, {@link #ANSWERED}, or an HTTP status (≥ 100) to answer the request with
   */
  int check(FrontendHandler frontend, RequestContext request);

  /**
   * The request ended (answered, failed or its connection closed), whether or not {@link #check} let it through:
   * releases what the phase holds for it (a {@code limit_conn} slot). Called once per request that reached
   * this phase; the default does nothing.
   */
  default void finish(RequestContext request) {}
}
