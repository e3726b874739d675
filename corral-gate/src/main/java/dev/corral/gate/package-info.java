/**
 * corral gate's process: {@link dev.corral.gate.GateServer} (a running gate with nginx's lifecycle),
 * {@link dev.corral.gate.GateControl} ({@code -t}, {@code -T}, {@code -s}), {@link dev.corral.gate.GateSignals}
 * and {@link dev.corral.gate.GateDaemon} ({@code daemon on} / {@code -d}). The configuration is in
 * {@code gate.config}, the logs in {@code gate.log}, the proxy in {@code gate.proxy}.
 */
package dev.corral.gate;
