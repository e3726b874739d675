package dev.corral.gate.config;

import java.util.Optional;

/**
 * {@code limit_req_zone KEY zone=NAME:SIZE rate=R [backend=redis://HOST:PORT [fail=…] [timeout=…]]}: a named
 * table of request rates, one entry per value of KEY.
 *
 * @param key the key expression; a request whose key renders empty is not limited by the zone
 * @param rateMilliRequests nginx's {@code ctx->rate}: requests per second × 1000 ({@code 1r/m} is 16)
 * @param size the zone's SIZE in bytes; it bounds the keys held, as nginx's shared memory does
 * @param backend where the zone lives when it is not in this gate (Corral extension: a Redis shared by gates)
 */
public record LimitReqZone(String name, Template key, long rateMilliRequests, long size,
    Optional<ZoneBackend> backend, SourcePosition position) {}
