package dev.corral.gate.config;

import java.time.Duration;

/**
 * A zone kept in Redis rather than in the gate (Corral extension), from {@code backend=redis://HOST:PORT[/DB]
 * [fail=open|closed|local] [timeout=T] [lease=T]} on {@code limit_req_zone} / {@code limit_conn_zone}: every gate naming
 * the same Redis and zone shares the limit. Immutable.
 *
 * @param url the Redis URL as written ({@code redis://127.0.0.1:6379}, optionally {@code /DB})
 * @param fail what decides while Redis does not answer within {@code timeout}
 * @param timeout the longest a decision waits for Redis (default 100 ms)
 * @param lease {@code limit_conn_zone} only: how long Redis keeps a slot of a gate that stopped renewing it
 *     (default 1 minute; a live gate renews its slots every third of it)
 */
public record ZoneBackend(String url, String host, int port, int database, Fail fail, Duration timeout,
    Duration lease) {
  /** {@code fail=}: admit ({@code open}, the default), refuse ({@code closed}) or decide in this gate. */
  public enum Fail { OPEN, CLOSED, LOCAL }
}
