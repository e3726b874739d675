package dev.corral.gate.config;

import java.util.List;

/**
 * {@code server_names_hash_bucket_size}, {@code server_names_hash_max_size}, {@code variables_hash_bucket_size}
 * and {@code variables_hash_max_size} (http level): the sizes of nginx's static hashes. The gate keeps names in
 * Java maps, so the sizes change nothing at run time; they are checked as nginx checks them, including nginx's
 * refusal of a server name too long for the bucket size ({@code could not build server_names_hash, you should
 * increase server_names_hash_bucket_size: 64}), so that a configuration nginx refuses is refused here too.
 * Not thread-safe.
 */
final class HashSizes {
  /** nginx's cache line on x86-64 and arm64, which a bucket size is rounded up to (and its default). */
  private static final int CACHE_LINE = 64;
  private static final int POINTER = 8;

  private int serverNamesBucket = CACHE_LINE;

  /** Whether {@code d} is one of the four directives; if so, checks and keeps its value. */
  boolean apply(Directive d) {
    switch (d.name()) {
      case "server_names_hash_bucket_size", "variables_hash_bucket_size" -> {
        Values.requireArgs(d, 1, 1);
        long size = Values.size(d, d.arg(0));
        if (size < 1 || size > 65536) {
          throw Values.invalid(d, d.arg(0), "a size from 1 to 64k");
        }
        if (d.name().startsWith("server_names")) {
          serverNamesBucket = (int) ((size + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE);
        }
        return true;
      }
      case "server_names_hash_max_size", "variables_hash_max_size" -> {
        Values.requireArgs(d, 1, 1);
        Values.integer(d, d.arg(0), 1, Integer.MAX_VALUE);
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /** Refuses, as nginx does, an exact server name whose hash element does not fit the bucket size. */
  void checkServerNames(List<ServerConfig> servers) {
    for (ServerConfig server : servers) {
      for (String name : server.serverNames()) {
        if (name.isEmpty() || name.startsWith("~") || name.startsWith("*") || name.startsWith(".")
            || name.endsWith("*")) {
          continue;
        }
        int element = POINTER + (name.length() + 2 + POINTER - 1) / POINTER * POINTER;
        if (serverNamesBucket < element + POINTER) {
          throw new ConfigException("could not build server_names_hash, you should increase "
              + "server_names_hash_bucket_size: " + serverNamesBucket, server.position());
        }
      }
    }
  }
}
