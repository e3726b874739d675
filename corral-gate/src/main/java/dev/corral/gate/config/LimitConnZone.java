package dev.corral.gate.config;

import java.util.Optional;

/**
 * {@code limit_conn_zone KEY zone=NAME:SIZE [backend=redis://HOST:PORT [fail=…] [timeout=…]]}: a named table of
 * requests in progress, one counter per value of KEY.
 *
 * @param key the key expression; a request whose key renders empty is not limited by the zone
 * @param size the zone's SIZE in bytes; it bounds the keys with requests in progress, as nginx's shared memory
 * @param backend where the zone lives when it is not in this gate (Corral extension: a Redis shared by gates)
 */
public record LimitConnZone(String name, Template key, long size, Optional<ZoneBackend> backend,
    SourcePosition position) {}
