package dev.corral.gate.admin;

/**
 * One member of an upstream as the runtime API reports it, read by {@link GateAdminClient}.
 *
 * @param id the server's id in its upstream (stable while it is a member)
 * @param address {@code host:port}
 * @param state {@code up}, {@code down}, {@code draining}, {@code unhealthy} or {@code unavail} (nginx Plus's names)
 * @param active requests in flight on it now
 * @param fails failures counted in the current {@code fail_timeout} window
 * @param weight its configured weight
 */
public record ServerView(int id, String address, String state, int active, int fails, int weight,
    boolean backup, boolean draining, boolean down) {}
