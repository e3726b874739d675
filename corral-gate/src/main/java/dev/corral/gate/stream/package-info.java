/**
 * The stream (TCP) proxy: nginx's {@code stream {}} module. {@link dev.corral.gate.stream.StreamListeners} binds
 * the {@code listen} sockets of the stream servers on the gate's event loops; each accepted connection is a
 * {@code StreamSession} that passes the {@code limit_conn} lines, balances over the server's upstream
 * ({@code gate.balance}, with {@code proxy_next_upstream} over refused or timed-out connects) and then relays bytes
 * both ways through a pair of {@code StreamRelay}s with back-pressure and nginx's half-close rules, until the
 * session ends and is logged.
 */
package dev.corral.gate.stream;
