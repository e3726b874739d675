package dev.corral.gate.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole, validated gate configuration. Built by {@link GateConfigLoader}; immutable, so a running gate can swap
 * it atomically on reload.
 *
 * @param upstreams every upstream by name, including implicit ones created for {@code proxy_pass http://host:port}
 * @param source the directive tree (includes expanded, {@code -g} directives last)
 * @param files the files read, for {@code -T}
 * @param adminListens the runtime API's listeners ({@code admin_listen}), none by default
 * @param stream the {@code stream} block ({@link StreamConfig#NONE} without one)
 */
public record GateConfig(MainConfig main, Map<String, UpstreamConfig> upstreams, List<ServerConfig> servers,
    List<Directive> source, List<SourceFile> files, List<AdminListen> adminListens, StreamConfig stream) {
  public GateConfig {
    upstreams = Map.copyOf(upstreams);
    servers = List.copyOf(servers);
    source = List.copyOf(source);
    files = List.copyOf(files);
    adminListens = List.copyOf(adminListens);
  }

  /** A configuration without a {@code stream} block. */
  public GateConfig(MainConfig main, Map<String, UpstreamConfig> upstreams, List<ServerConfig> servers,
      List<Directive> source, List<SourceFile> files, List<AdminListen> adminListens) {
    this(main, upstreams, servers, source, files, adminListens, StreamConfig.NONE);
  }

  /** A configuration without a runtime API. */
  public GateConfig(MainConfig main, Map<String, UpstreamConfig> upstreams, List<ServerConfig> servers,
      List<Directive> source, List<SourceFile> files) {
    this(main, upstreams, servers, source, files, List.of());
  }

  /** The same configuration, recording the files it was read from. */
  public GateConfig withFiles(List<SourceFile> read) {
    return new GateConfig(main, upstreams, servers, source, read, adminListens, stream);
  }

  /** The same configuration with these runtime API listeners. */
  GateConfig withAdminListens(List<AdminListen> listens) {
    return new GateConfig(main, upstreams, servers, source, files, listens, stream);
  }

  /** The same configuration with this {@code stream} block. */
  GateConfig withStream(StreamConfig streamBlock) {
    return new GateConfig(main, upstreams, servers, source, files, adminListens, streamBlock);
  }

  /**
   * Every access log file the configuration writes to, with its buffering (one entry per file; the compiler
   * refuses a file given different buffering in two places).
   */
  public Map<Path, AccessLog> accessLogs() {
    Map<Path, AccessLog> logs = new LinkedHashMap<>();
    for (ServerConfig server : servers) {
      server.settings().logs().accessLogs().forEach(log -> add(logs, log));
      for (LocationConfig location : server.allLocations()) {
        location.settings().logs().accessLogs().forEach(log -> add(logs, log));
      }
    }
    stream.accessLogs().forEach(logs::putIfAbsent);
    return logs;
  }

  /**
   * Every file an {@code error_log} of an http, server or location level writes to (nginx creates them when it
   * loads the configuration, before any request logs there).
   */
  public java.util.Set<Path> contextErrorLogs() {
    java.util.Set<Path> files = new java.util.LinkedHashSet<>();
    for (ServerConfig server : servers) {
      server.settings().errorLogs().forEach(t -> addErrorLog(files, t));
      for (LocationConfig location : server.allLocations()) {
        location.settings().errorLogs().forEach(t -> addErrorLog(files, t));
      }
    }
    return files;
  }

  private static void addErrorLog(java.util.Set<Path> files, ErrorLogTarget target) {
    if (!target.isStderr()) {
      files.add(target.file().toAbsolutePath().normalize());
    }
  }

  private static void add(Map<Path, AccessLog> logs, AccessLog log) {
    log.path().ifPresent(p -> logs.putIfAbsent(p, log));
  }

  /**
   * What {@code -T} prints, as {@code nginx -T}: each file read (the main one, then the included ones in the order
   * they were reached) under a {@code # configuration file PATH:} line, verbatim.
   */
  public String dump() {
    StringBuilder out = new StringBuilder();
    for (SourceFile file : files) {
      out.append("# configuration file ").append(file.path()).append(":\n").append(file.text()).append('\n');
    }
    return out.toString();
  }
}
