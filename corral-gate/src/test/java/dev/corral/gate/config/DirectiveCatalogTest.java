package dev.corral.gate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every directive the catalog knows is accepted in its context (so it is implemented, not just parsed), and every
 * nginx directive it lists as unsupported is refused with "not supported". A directive added to the catalog
 * without a sample here fails {@link #everyKnownDirectiveHasAnAcceptedSample()}.
 */
class DirectiveCatalogTest {
  @TempDir Path prefix;

  private static String inLocation(String directive) {
    return "http { server { listen 8080; location / { " + directive + " proxy_pass http://127.0.0.1:9000; } } }";
  }

  private static String inUpstream(String directive) {
    return "http { upstream app { " + directive + " server 127.0.0.1:9000; } "
        + "server { listen 8080; location / { proxy_pass http://app; } } }";
  }

  private static String inMatch(String tests) {
    return "http { upstream app { server 127.0.0.1:9000; health_check match=m; } match m { " + tests + " } }";
  }

  /** One accepted configuration per directive name. */
  private static Map<String, String> samples() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("worker_processes", "worker_processes auto;");
    s.put("worker_rlimit_nofile", "worker_rlimit_nofile 1024;");
    s.put("pid", "pid run/g.pid;");
    s.put("error_log", "error_log logs/e.log warn; http { error_log logs/h.log; server { listen 8080; "
        + "error_log stderr info; location / { error_log logs/l.log; proxy_pass http://127.0.0.1:9000; } } }");
    s.put("daemon", "daemon off;");
    s.put("user", "user www-data www-data;");
    s.put("admin_listen", "admin_listen unix:run/admin.sock; admin_listen 127.0.0.1:9000;");
    s.put("use", "events { use epoll; }");
    s.put("events", "events { }");
    s.put("worker_connections", "events { worker_connections 1024; }");
    s.put("http", "http { }");
    s.put("worker_shutdown_timeout", "worker_shutdown_timeout 10s;");
    s.put("stream", "stream { upstream u { server 127.0.0.1:9000; } server { listen 9001; proxy_pass u; } }");
    s.put("upstream", inUpstream(""));
    s.put("server", inLocation(""));
    s.put("log_format", "http { log_format m '$remote_addr $upstream_addr'; }");
    s.put("tcp_nodelay", inLocation("tcp_nodelay off;"));
    s.put("sendfile", inLocation("sendfile on;"));
    s.put("tcp_nopush", inLocation("tcp_nopush on;"));
    s.put("types_hash_max_size", inLocation("types_hash_max_size 2048;"));
    s.put("types_hash_bucket_size", inLocation("types_hash_bucket_size 64;"));
    s.put("types", inLocation("types { text/html html htm; application/json json; }"));
    s.put("default_type", inLocation("default_type application/octet-stream;"));
    s.put("server_tokens", inLocation("server_tokens off;"));
    s.put("gzip", inLocation("gzip on;"));
    s.put("gzip_types", inLocation("gzip_types text/plain application/json;"));
    s.put("gzip_min_length", inLocation("gzip_min_length 1k;"));
    s.put("gzip_comp_level", inLocation("gzip_comp_level 6;"));
    s.put("gzip_proxied", inLocation("gzip_proxied expired no-cache auth;"));
    s.put("gzip_vary", inLocation("gzip_vary on;"));
    s.put("gzip_http_version", inLocation("gzip_http_version 1.0;"));
    s.put("gzip_disable", inLocation("gzip_disable msie6 \"Foo/[0-9]\";"));
    s.put("gzip_buffers", inLocation("gzip_buffers 32 4k;"));
    s.put("ssl_protocols", "http { ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3; server { listen 8080; } }");
    s.put("ssl_prefer_server_ciphers", "http { server { listen 8080; ssl_prefer_server_ciphers on; } }");
    String tls = "http { server { listen 8443 ssl; ssl_certificate t.crt; ssl_certificate_key t.key; %s } }";
    s.put("ssl_certificate", tls.formatted(""));
    s.put("ssl_certificate_key", tls.formatted(""));
    s.put("ssl_password_file", tls.formatted("ssl_password_file t.crt;"));
    s.put("ssl_ciphers", tls.formatted("ssl_ciphers ECDHE+AESGCM:!aNULL;"));
    s.put("ssl_ecdh_curve", tls.formatted("ssl_ecdh_curve X25519:prime256v1;"));
    s.put("ssl_session_cache", tls.formatted("ssl_session_cache builtin:1000 shared:SSL:10m;"));
    s.put("ssl_session_timeout", tls.formatted("ssl_session_timeout 10m;"));
    s.put("ssl_session_tickets", tls.formatted("ssl_session_tickets off;"));
    s.put("ssl_dhparam", tls.formatted("ssl_dhparam t.crt;"));
    s.put("ssl_reject_handshake", "http { server { listen 8443 ssl default_server; ssl_reject_handshake on; } }");
    s.put("listen", "http { server { listen 127.0.0.1:8080 default_server reuseport backlog=100; } }");
    s.put("server_name", "http { server { listen 8080; server_name a.test *.b.test ~^c; } }");
    s.put("location", inLocation(""));
    s.put("return", "http { server { listen 8080; location / { return 200 ok; } } }");
    s.put("proxy_pass", inLocation(""));
    s.put("proxy_set_header", inLocation("proxy_set_header X-Real-IP $remote_addr;"));
    s.put("proxy_next_upstream", inLocation("proxy_next_upstream error timeout http_502;"));
    s.put("proxy_next_upstream_tries", inLocation("proxy_next_upstream_tries 3;"));
    s.put("proxy_next_upstream_timeout", inLocation("proxy_next_upstream_timeout 10s;"));
    s.put("proxy_connect_timeout", inLocation("proxy_connect_timeout 2s;"));
    s.put("proxy_read_timeout", inLocation("proxy_read_timeout 30s;"));
    s.put("proxy_send_timeout", inLocation("proxy_send_timeout 30s;"));
    s.put("proxy_http_version", inLocation("proxy_http_version 1.1;"));
    s.put("proxy_ssl_name", "http { server { listen 8080; location / { proxy_pass https://127.0.0.1:9443; proxy_ssl_name app.example; } } }");
    s.put("proxy_ssl_server_name", "http { server { listen 8080; location / { proxy_pass https://127.0.0.1:9443; proxy_ssl_server_name on; } } }");
    s.put("proxy_buffering", inLocation("proxy_buffering off;"));
    s.put("proxy_request_buffering", inLocation("proxy_request_buffering off;"));
    s.put("client_max_body_size", inLocation("client_max_body_size 10m;"));
    s.put("access_log", inLocation("access_log logs/a.log combined buffer=8k flush=1s;"));
    s.put("keepalive_timeout", inLocation("keepalive_timeout 30s;"));
    s.put("keepalive_requests", inLocation("keepalive_requests 500;"));
    s.put("client_header_timeout", "http { client_header_timeout 10s; }");
    s.put("client_body_timeout", inLocation("client_body_timeout 10s;"));
    s.put("send_timeout", inLocation("send_timeout 10s;"));
    s.put("large_client_header_buffers", "http { large_client_header_buffers 4 16k; }");
    s.put("least_conn", inUpstream("least_conn;"));
    s.put("ip_hash", inUpstream("ip_hash;"));
    s.put("hash", inUpstream("hash $request_uri consistent;"));
    s.put("random", inUpstream("random two least_conn;"));
    s.put("least_request", inUpstream("least_request;"));
    s.put("keepalive", inUpstream("keepalive 64;"));
    s.put("keepalive_timeout_upstream", inUpstream("keepalive_timeout 60s;"));
    s.put("keepalive_requests_upstream", inUpstream("keepalive_requests 1000;"));
    s.put("queue", inUpstream("queue 100 timeout=10s;"));
    s.put("health_check", inUpstream("health_check interval=2s fall=2 rise=1 uri=/health;"));
    s.put("zone", inUpstream("zone app 64k;"));
    s.put("state", inUpstream("zone app 64k; state state/app.conf;").replace("server 127.0.0.1:9000;", ""));
    s.put("match", inMatch(""));
    s.put("status", inMatch("status ! 301-303 307;"));
    s.put("header", inMatch("header Content-Type = text/html; header ! Refresh; header Connection !~ close;"));
    s.put("body", inMatch("body ~ \"Welcome to nginx!\"; body !~ \"maintenance mode\";"));
    s.put("proxy_hide_header", inLocation("proxy_hide_header X-Powered-By;"));
    s.put("proxy_pass_header", inLocation("proxy_pass_header Server;"));
    s.put("add_header", inLocation("add_header X-Frame-Options SAMEORIGIN; add_header X-Conn $connection always;"));
    s.put("error_page", inLocation("error_page 404 /404.html; error_page 500 502 =200 @fallback;"));
    s.put("recursive_error_pages", inLocation("recursive_error_pages on;"));
    s.put("proxy_intercept_errors", inLocation("proxy_intercept_errors on;"));
    s.put("proxy_redirect", inLocation("proxy_redirect http://a/ /; proxy_redirect ~*^http://b/(.*)$ /$1;"));
    s.put("absolute_redirect", inLocation("absolute_redirect off;"));
    s.put("server_name_in_redirect", inLocation("server_name_in_redirect on;"));
    s.put("port_in_redirect", inLocation("port_in_redirect off;"));
    s.put("proxy_pass_request_headers", inLocation("proxy_pass_request_headers off;"));
    s.put("proxy_pass_request_body", inLocation("proxy_pass_request_body off;"));
    s.put("proxy_set_body", inLocation("proxy_set_body \"a=$arg_a\";"));
    s.put("proxy_method", inLocation("proxy_method POST;"));
    s.put("set_real_ip_from", inLocation("set_real_ip_from 10.0.0.0/8; set_real_ip_from ::1; set_real_ip_from unix:;"));
    s.put("real_ip_header", inLocation("real_ip_header X-Forwarded-For;"));
    s.put("real_ip_recursive", inLocation("real_ip_recursive on;"));
    s.put("keepalive_time", inLocation("keepalive_time 30m;"));
    s.put("stub_status", "http { server { listen 8080; location = /status { stub_status; } } }");
    s.put("proxy_ignore_headers", inLocation("proxy_ignore_headers X-Accel-Expires Expires Cache-Control;"));
    s.put("merge_slashes", "http { merge_slashes off; server { listen 8080; merge_slashes on; } }");
    for (String hash : new String[] {"server_names_hash_bucket_size 128", "server_names_hash_max_size 1024",
        "variables_hash_bucket_size 64", "variables_hash_max_size 2048"}) {
      s.put(hash.substring(0, hash.indexOf(' ')), "http { " + hash + "; server { listen 8080; } }");
    }
    String zones = "limit_req_zone $binary_remote_addr zone=one:10m rate=10r/s; "
        + "limit_conn_zone $binary_remote_addr zone=addr:10m; ";
    s.put("limit_req_zone", "http { " + zones + "}");
    s.put("limit_conn_zone", "http { " + zones + "}");
    s.put("limit_req", "http { " + zones + inLocation("limit_req zone=one burst=5 nodelay;").substring(6));
    s.put("limit_req_status", "http { " + zones + inLocation("limit_req_status 429;").substring(6));
    s.put("limit_req_log_level", "http { " + zones + inLocation("limit_req_log_level warn;").substring(6));
    s.put("limit_req_dry_run", "http { " + zones + inLocation("limit_req_dry_run on;").substring(6));
    s.put("limit_req_headers", "http { " + zones + inLocation("limit_req_headers on;").substring(6));
    s.put("limit_conn", "http { " + zones + inLocation("limit_conn addr 10;").substring(6));
    s.put("limit_conn_status", "http { " + zones + inLocation("limit_conn_status 429;").substring(6));
    s.put("limit_conn_log_level", "http { " + zones + inLocation("limit_conn_log_level notice;").substring(6));
    s.put("limit_conn_dry_run", "http { " + zones + inLocation("limit_conn_dry_run on;").substring(6));
    s.put("root", "http { root www; server { listen 8080; root /srv; location / { root /srv/site; } } }");
    s.put("alias", "http { server { listen 8080; location /s/ { alias /srv/static/; } } }");
    s.put("index", inLocation("index index.htm index.html;"));
    s.put("etag", inLocation("etag off;"));
    s.put("if_modified_since", inLocation("if_modified_since before;"));
    s.put("expires", inLocation("expires modified -1h;"));
    s.put("disable_symlinks", inLocation("disable_symlinks if_not_owner from=$document_root;"));
    s.put("try_files", inLocation("try_files $uri $uri/ =404;"));
    s.put("log_not_found", inLocation("log_not_found off;"));
    s.put("max_ranges", inLocation("max_ranges 2;"));
    s.put("autoindex", inLocation("autoindex off;"));
    s.put("charset", inLocation("charset utf-8;"));
    s.put("source_charset", inLocation("source_charset koi8-r;"));
    s.put("charset_types", inLocation("charset_types text/html text/css;"));
    s.put("charset_map", "http { charset_map koi8-r windows-1251 { C0 FE; C1 E0; } }");
    s.put("override_charset", inLocation("override_charset off;"));
    s.put("map", "http { map $http_host $name { hostnames; default 0; example.com 1; ~^w(?<n>\\d+) $n; } }");
    s.put("set", inLocation("set $a \"x$uri\";"));
    s.put("rewrite", inLocation("rewrite ^/old/(.*)$ /new/$1 last;"));
    s.put("break", inLocation("break;"));
    s.put("if", inLocation("if ($request_method = POST) { return 405; } if (!-f /x) { set $a 1; }"));
    s.put("rewrite_log", inLocation("rewrite_log on;"));
    s.put("uninitialized_variable_warn", inLocation("uninitialized_variable_warn off;"));
    return s;
  }

  private GateConfig load(String text) {
    try {
      Files.writeString(prefix.resolve("gate.conf"), text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return new GateConfigLoader(prefix).load(Path.of("gate.conf"), "");
  }

  @Test
  void everyKnownDirectiveHasAnAcceptedSample() {
    Set<String> known = new HashSet<>();
    known.addAll(DirectiveCatalog.MAIN);
    known.addAll(DirectiveCatalog.EVENTS);
    known.addAll(DirectiveCatalog.HTTP_ONLY);
    known.addAll(DirectiveCatalog.SERVER_ONLY);
    known.addAll(DirectiveCatalog.LOCATION_ONLY);
    known.addAll(SettingsBuilder.NAMES);
    known.addAll(UpstreamCompiler.NAMES);
    known.addAll(MatchCompiler.NAMES);
    assertThat(samples().keySet()).containsAll(known);
  }

  @Test
  void proxyIgnoreHeadersTakesNginxsValuesOnly() {
    assertThatThrownBy(() -> load(inLocation("proxy_ignore_headers X-Custom;")))
        .hasMessageStartingWith("invalid value \"X-Custom\" in \"proxy_ignore_headers\" directive in ");
  }

  @Test
  void everySampleIsAccepted() {
    dev.corral.gate.tls.TestCertificates.rsa(prefix, "t", "localhost");
    samples().forEach((name, text) -> {
      try {
        load(text);
      } catch (ConfigException e) {
        throw new AssertionError(name + ": " + e.getMessage(), e);
      }
    });
  }

  @Test
  void everyUnsupportedNginxDirectiveIsRefused() {
    for (String name : DirectiveCatalog.UNSUPPORTED) {
      assertThatThrownBy(() -> load("http {\n  " + name + " x;\n}\n")).as(name)
          .hasMessageStartingWith("\"" + name + "\" directive is not supported by corral gate");
    }
  }

  @Test
  void bufferingOnIsRefusedBecauseOnlyStreamingIsImplemented() {
    assertThatThrownBy(() -> load(inLocation("proxy_buffering on;")))
        .hasMessageContaining("\"proxy_buffering on\" is not supported by corral gate");
  }

  @Test
  void gzipValuesAreCheckedWithFileAndLine() {
    assertThatThrownBy(() -> load("http {\n  gzip off;\n  server {\n    gzip_comp_level 10;\n  }\n}\n"))
        .hasMessageContaining("invalid value \"10\" in \"gzip_comp_level\" directive (expected: a number from 1 "
            + "to 9)").hasMessageContaining("gate.conf:4");
    assertThatThrownBy(() -> load("http {\n  gzip_proxied expired sometimes;\n}\n"))
        .hasMessageContaining("invalid value \"sometimes\" in \"gzip_proxied\" directive")
        .hasMessageContaining("gate.conf:2");
    assertThatThrownBy(() -> load("http {\n  gzip_http_version 2.0;\n}\n"))
        .hasMessageContaining("invalid value \"2.0\" in \"gzip_http_version\" directive (expected: 1.0 or 1.1)");
    assertThatThrownBy(() -> load("http {\n  gzip_disable \"(\";\n}\n"))
        .hasMessageContaining("pcre2_compile() failed").hasMessageContaining("gate.conf:2");
  }

  @Test
  void sslSettingsAreCheckedAndATlsListenerNeedsACertificate() {
    assertThatThrownBy(() -> load("http {\n  ssl_protocols TLSv1.2 SSLv4;\n}\n"))
        .hasMessageContaining("invalid value \"SSLv4\" in \"ssl_protocols\"").hasMessageContaining("gate.conf:2");
    assertThatThrownBy(() -> load(inLocation("ssl_protocols TLSv1.3;")))
        .hasMessageContaining("\"ssl_protocols\" directive is not allowed here");
    assertThatThrownBy(() -> load("http {\n  server {\n    listen 443 ssl;\n  }\n}\n"))
        .hasMessageContaining("no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive")
        .hasMessageContaining("gate.conf:3");
  }

  @Test
  void typesAndDefaultTypeAreInheritedAndReplacedPerLevel() {
    GateConfig config = load("""
        http {
          include mime.types;
          default_type application/octet-stream;
          server { listen 8080;
            location / { proxy_pass http://127.0.0.1:9000; }
            location /t/ { types { text/x-t t; } proxy_pass http://127.0.0.1:9000; }
          }
        }
        """.replace("include mime.types;", "types { text/html html; }\n  types { image/png png; }"));
    ProxySettings root = config.servers().get(0).locations().get(0).settings();
    ProxySettings t = config.servers().get(0).locations().get(1).settings();
    assertThat(root.contentTypeFor("/a.html")).contains("text/html");
    assertThat(root.contentTypeFor("/a.png")).as("two types blocks at one level add up").contains("image/png");
    assertThat(root.contentTypeFor("/a")).contains("application/octet-stream");
    assertThat(t.contentTypeFor("/a.t")).contains("text/x-t");
    assertThat(t.contentTypeFor("/a.html")).contains("application/octet-stream");
    assertThat(load(inLocation("default_type \"\";")).servers().get(0).locations().get(0).settings()
        .contentTypeFor("/x")).isEmpty();
  }

  @Test
  void onOffDirectivesCheckTheirValue() {
    for (String name : new String[] {"sendfile", "tcp_nopush", "tcp_nodelay", "gzip", "ssl_prefer_server_ciphers"}) {
      assertThatThrownBy(() -> load("http {\n  " + name + " yes;\n}\n")).as(name)
          .hasMessageContaining("invalid value \"yes\" in \"" + name + "\" directive, it must be \"on\" or \"off\"")
          .hasMessageContaining("gate.conf:2");
    }
    assertThatThrownBy(() -> load("http {\n  server_tokens maybe;\n}\n"))
        .hasMessageContaining("expected: on, off or build");
    assertThatThrownBy(() -> load("http {\n  types_hash_max_size big;\n}\n"))
        .hasMessageContaining("invalid value \"big\" in \"types_hash_max_size\"");
  }

  @Test
  void errorLogOfALevelIsInheritedDownwardsAndChecked() {
    GateConfig config = load("""
        error_log logs/main.log;
        http {
          error_log logs/http.log warn;
          error_log logs/http-debug.log debug;
          server { listen 8080;
            location / { proxy_pass http://127.0.0.1:9000; }
            location /own/ { error_log stderr; proxy_pass http://127.0.0.1:9000; }
          }
        }
        """);
    assertThat(config.servers().get(0).locations().get(0).settings().errorLogs())
        .containsExactly(new ErrorLogTarget(prefix.resolve("logs/http.log"), "warn"),
            new ErrorLogTarget(prefix.resolve("logs/http-debug.log"), "debug"));
    assertThat(config.servers().get(0).locations().get(1).settings().errorLogs()).hasSize(1);
    ErrorLogTarget own = config.servers().get(0).locations().get(1).settings().errorLogs().get(0);
    assertThat(own.isStderr()).isTrue();
    assertThat(own.level()).isEqualTo("error");
    assertThat(config.main().errorLog()).contains(prefix.resolve("logs/main.log"));
    assertThatThrownBy(() -> load(inLocation("error_log logs/x.log loud;")))
        .hasMessageContaining("invalid value \"loud\" in \"error_log\"");
    assertThatThrownBy(() -> load("http {\n  error_log syslog:server=127.0.0.1;\n}\n"))
        .hasMessageContaining("\"error_log syslog:...\" is not supported by corral gate").hasMessageContaining(":2");
  }

  @Test
  void userAndEventMethodAreMapped() {
    assertThat(load("user nobody;").main().user()).contains("nobody");
    assertThat(load("events { }").main().user()).isEmpty();
    assertThatThrownBy(() -> load("events {\n  use kqueue;\n}\n"))
        .hasMessageContaining("kqueue").hasMessageContaining("epoll").hasMessageContaining("gate.conf:2");
    assertThat(load("events { use epoll; }").main().eventMethod()).contains("epoll");
    assertThat(load("events { use io_uring; }").main().eventMethod()).contains("io_uring");
    assertThat(load("events { }").main().eventMethod()).isEmpty();
    assertThatThrownBy(() -> load("user a b c;")).hasMessageContaining("invalid number of arguments");
  }
}
