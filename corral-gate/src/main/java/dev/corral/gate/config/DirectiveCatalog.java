package dev.corral.gate.config;

import java.util.HashSet;
import java.util.Set;

/**
 * Knows every directive name Corral understands in any context, and the nginx directives it deliberately does not
 * implement, so that a directive in the wrong place, an unimplemented one and an unknown one each get nginx's
 * message ({@code "x" directive is not allowed here}, {@code unknown directive "x"}) or a clear "not supported".
 * Immutable.
 */
final class DirectiveCatalog {
  static final Set<String> MAIN = Set.of("worker_processes", "worker_rlimit_nofile", "pid", "error_log", "daemon",
      "user", "events", "http", "admin_listen", "stream",
      "worker_shutdown_timeout");
  static final Set<String> EVENTS = Set.of("worker_connections", "use");
  static final Set<String> HTTP_ONLY = Set.of("upstream", "server", "log_format", "match", "limit_req_zone",
      "limit_conn_zone", "server_names_hash_bucket_size", "server_names_hash_max_size", "variables_hash_bucket_size",
      "variables_hash_max_size", "map");
  static final Set<String> SERVER_ONLY = Set.of("listen", "server_name", "location", "return");
  static final Set<String> LOCATION_ONLY = Set.of("proxy_pass", "return", "stub_status");

  /** Real nginx directives Corral parses but does not implement: using one is an error, never silently ignored. */
  static final Set<String> UNSUPPORTED = Set.of("worker_cpu_affinity", "worker_priority", "load_module",
      "env", "multi_accept", "accept_mutex", "gzip_static", "geo", "proxy_buffers", "proxy_buffer_size", "proxy_cache",
      "proxy_cache_path",
      "proxy_ssl_verify", "resolver", "sticky",
      "allow", "deny", "auth_basic", "fastcgi_pass", "uwsgi_pass", "grpc_pass", "client_body_buffer_size",
      "client_header_buffer_size", "reset_timedout_connection", "lingering_close",
      "open_file_cache", "mail", "internal", "http2", "proxy_cache_valid", "proxy_cache_key", "require");

  private final Set<String> known = new HashSet<>();

  DirectiveCatalog() {
    known.addAll(MAIN);
    known.addAll(EVENTS);
    known.addAll(HTTP_ONLY);
    known.addAll(SERVER_ONLY);
    known.addAll(LOCATION_ONLY);
    known.addAll(SettingsBuilder.NAMES);
    known.addAll(UpstreamCompiler.NAMES);
    known.addAll(MatchCompiler.NAMES);
    StreamCompiler.SETTINGS.stream().filter(n -> !UNSUPPORTED.contains(n)).forEach(known::add);
    known.addAll(StreamCompiler.BLOCK);
  }

  /** The error for a directive the current context does not take. */
  ConfigException misplaced(Directive d) {
    if (known.contains(d.name())) {
      return new ConfigException("\"" + d.name() + "\" directive is not allowed here", d.position());
    }
    if (UNSUPPORTED.contains(d.name())) {
      return new ConfigException("\"" + d.name() + "\" directive is not supported by corral gate", d.position());
    }
    return new ConfigException("unknown directive \"" + d.name() + "\"", d.position());
  }
}
