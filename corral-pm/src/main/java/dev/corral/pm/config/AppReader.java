package dev.corral.pm.config;

import dev.corral.pm.PmException;
import dev.corral.pm.logs.LogDateFormat;
import dev.corral.pm.process.AppSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one entry of an ecosystem file's {@code apps} list into an {@link AppSpec}, keeping each field's line so
 * a validation error points at it. Single use; not thread-safe.
 */
final class AppReader {
  private static final Set<String> FIELDS = Set.of("name", "script", "jar", "command", "args", "cwd", "instances",
      "env", "max_memory_restart", "autorestart", "max_restarts", "min_uptime", "restart_delay",
      "exp_backoff_restart_delay", "kill_timeout", "stop_signal", "kill_signal", "instance_var", "increment_var",
      "namespace", "stop_exit_codes", "time", "interpreter", "jvm_args", "interpreter_args", "node_args",
      "log_max_size", "log_keep", "wait_ready", "ready_line", "listen_timeout", "ready_port", "health",
      "watch", "ignore_watch", "watch_delay", "cron_restart",
      "out_file", "error_file", "log_date_format", "merge_logs", "combine_logs", "exec_mode",
      "port", "lb", "health_url");

  private final Path file;
  private final String where;
  private final Map<String, Node> fields = new HashMap<>();
  private final Map<String, Node> profiles = new HashMap<>();
  private final Path dir;
  private final CommandResolver resolver;
  private final Map<String, String> baseEnv;
  private final String profile;
  private final int line;

  AppReader(Path file, String where, MappingNode node, Path dir, CommandResolver resolver,
      Map<String, String> baseEnv, String profile) {
    this.file = file;
    this.where = where;
    this.dir = dir;
    this.resolver = resolver;
    this.baseEnv = baseEnv;
    this.profile = profile;
    this.line = EcosystemFile.line(node);
    for (NodeTuple t : node.getValue()) {
      String key = EcosystemFile.scalar(file, t.getKeyNode(), where + " key");
      if (key.startsWith("env_")) {
        profiles.put(key.substring(4), t.getValueNode());
      } else if (EcosystemFile.notYet(key)) {
        throw fail(t.getKeyNode(), key, "not supported by corral yet");
      } else if (!FIELDS.contains(key)) {
        throw fail(t.getKeyNode(), key, "unknown field (expected one of " + new java.util.TreeSet<>(FIELDS) + ")");
      } else {
        fields.put(key, t.getValueNode());
      }
    }
  }

  /** Whether this app has an {@code env_NAME} block. */
  boolean hasProfile(String name) {
    return profiles.containsKey(name);
  }

  AppSpec read() {
    List<String> chosen = List.of("script", "jar", "command").stream().filter(fields::containsKey).toList();
    if (chosen.size() != 1) {
      throw new ConfigException(file, line, where + ": expected exactly one of script, jar, command (got "
          + chosen + ")");
    }
    String kind = chosen.get(0);
    Path cwd = fields.containsKey("cwd") ? dir.resolve(text("cwd")).normalize() : dir;
    List<String> argv;
    try {
      argv = argv(kind, cwd);
    } catch (PmException e) {
      throw new ConfigException(file, EcosystemFile.line(fields.get(kind)), where + "." + kind + ": " + e.getMessage(), e);
    }
    String name = fields.containsKey("name") ? text("name") : defaultName(kind);
    AppSpec.Builder b = AppSpec.builder(name, argv, cwd.toString()).env(env());
    try {
      apply(b);
      return b.build();
    } catch (IllegalArgumentException e) {
      String field = e.getMessage().contains(":") ? e.getMessage().substring(0, e.getMessage().indexOf(':')) : "";
      Node at = fields.get(field);
      throw new ConfigException(file, at == null ? line : EcosystemFile.line(at), where + "." + e.getMessage(), e);
    }
  }

  private List<String> argv(String kind, Path cwd) {
    List<String> args = fields.containsKey("args") ? list("args") : List.of();
    String interpreter = fields.containsKey("interpreter") ? text("interpreter") : "";
    List<String> jvm = new ArrayList<>();
    for (String f : List.of("jvm_args", "interpreter_args", "node_args")) {
      if (fields.containsKey(f)) {
        jvm.addAll(list(f));
      }
    }
    return switch (kind) {
      case "command" -> {
        List<String> words = list("command");
        List<String> all = new ArrayList<>(words);
        all.addAll(args);
        yield resolver.resolve(all.get(0), all.subList(1, all.size()), interpreter, jvm, cwd);
      }
      case "jar" -> {
        if (!interpreter.isEmpty()) {
          throw new PmException("interpreter does not apply to a jar (use jvm_args)");
        }
        yield resolver.resolve(text("jar"), args, "", jvm, cwd);
      }
      default -> resolver.resolve(text("script"), args, interpreter, jvm, cwd);
    };
  }

  private void apply(AppSpec.Builder b) {
    if (fields.containsKey("instances")) {
      b.instances(Quantity.instances("instances", text("instances"), Runtime.getRuntime().availableProcessors()));
    }
    if (fields.containsKey("namespace")) { b.namespace(text("namespace")); }
    if (fields.containsKey("autorestart")) { b.autorestart(bool("autorestart")); }
    if (fields.containsKey("max_restarts")) { b.maxRestarts(integer("max_restarts")); }
    if (fields.containsKey("min_uptime")) { b.minUptimeMs(Quantity.millis("min_uptime", text("min_uptime"))); }
    if (fields.containsKey("restart_delay")) {
      b.restartDelayMs(Quantity.millis("restart_delay", text("restart_delay")));
    }
    if (fields.containsKey("exp_backoff_restart_delay")) {
      b.expBackoffRestartDelayMs(Quantity.millis("exp_backoff_restart_delay", text("exp_backoff_restart_delay")));
    }
    if (fields.containsKey("kill_timeout")) { b.killTimeoutMs(Quantity.millis("kill_timeout", text("kill_timeout"))); }
    for (String f : List.of("stop_signal", "kill_signal")) {
      if (fields.containsKey(f)) { b.stopSignal(text(f).toUpperCase(java.util.Locale.ROOT).replaceFirst("^SIG", "")); }
    }
    if (fields.containsKey("instance_var")) { b.instanceVar(text("instance_var")); }
    if (fields.containsKey("increment_var")) { b.incrementVar(text("increment_var")); }
    if (fields.containsKey("stop_exit_codes")) {
      List<Integer> codes = new ArrayList<>();
      for (String s : list("stop_exit_codes")) {
        codes.add(parseInt("stop_exit_codes", s));
      }
      b.stopExitCodes(codes);
    }
    if (fields.containsKey("max_memory_restart")) {
      b.maxMemoryBytes(Quantity.bytes("max_memory_restart", text("max_memory_restart")));
    }
    if (fields.containsKey("time") && bool("time")) { b.logDateFormat(LogDateFormat.PM2_TIME); }
    if (fields.containsKey("log_date_format")) { b.logDateFormat(text("log_date_format")); }
    for (String f : List.of("merge_logs", "combine_logs")) {
      if (fields.containsKey(f)) { b.mergeLogs(bool(f)); }
    }
    if (fields.containsKey("exec_mode")) {
      String mode = text("exec_mode");
      switch (mode) {
        case "fork", "fork_mode" -> b.execMode("fork");
        case "cluster", "cluster_mode" -> {
          if (!fields.containsKey("port")) {
            throw fail(fields.get("exec_mode"), "exec_mode", mode + " without a port (expected: a 'port' field, the"
                + " port the instances serve together)");
          }
          b.execMode("cluster");
        }
        default -> throw fail(fields.get("exec_mode"), "exec_mode", mode + " (expected: fork or cluster)");
      }
    }
    if (fields.containsKey("port")) {
      int port = integer("port");
      if (port < 1 || port > 65535) {
        throw fail(fields.get("port"), "port", port + " (expected: 1..65535)");
      }
      b.port(port);
      if (!fields.containsKey("exec_mode")) {
        b.execMode("cluster"); // a port the instances share means cluster mode
      }
    }
    if (fields.containsKey("lb")) { b.lb(text("lb")); }
    if (fields.containsKey("health_url")) { b.healthUrl(text("health_url")); }
    if (fields.containsKey("log_max_size")) { b.logMaxBytes(Quantity.bytes("log_max_size", text("log_max_size"))); }
    if (fields.containsKey("log_keep")) { b.logKeep(integer("log_keep")); }
    if (fields.containsKey("watch")) {
      Node w = fields.get("watch");
      if (w instanceof ScalarNode sc && (sc.getValue().equals("true") || sc.getValue().equals("false"))) {
        b.watch(sc.getValue().equals("true") ? List.of(".") : List.of());
      } else {
        b.watch(list("watch"));
      }
    }
    if (fields.containsKey("ignore_watch")) { b.ignoreWatch(list("ignore_watch")); }
    if (fields.containsKey("watch_delay")) { b.watchDelayMs(Quantity.millis("watch_delay", text("watch_delay"))); }
    if (fields.containsKey("cron_restart")) { b.cronRestart(text("cron_restart")); }
    if (fields.containsKey("out_file")) { b.outFile(text("out_file")); }
    if (fields.containsKey("error_file")) { b.errorFile(text("error_file")); }
    if (fields.containsKey("wait_ready")) { b.waitReady(bool("wait_ready")); }
    if (fields.containsKey("ready_line")) { b.readyLine(text("ready_line")); }
    if (fields.containsKey("listen_timeout")) {
      b.listenTimeoutMs(Quantity.millis("listen_timeout", text("listen_timeout")));
    }
    if (fields.containsKey("ready_port")) { b.readyPort(integer("ready_port")); }
    if (fields.containsKey("health")) {
      Map<String, String> health = map("health", fields.get("health"));
      for (String key : health.keySet()) {
        if (!Set.of("url", "interval", "failures").contains(key)) {
          throw fail(fields.get("health"), "health." + key, "unknown field (expected: url, interval, failures)");
        }
      }
      b.healthUrl(health.getOrDefault("url", ""));
      if (health.containsKey("interval")) {
        b.healthIntervalMs(Quantity.millis("health.interval", health.get("interval")));
      }
      if (health.containsKey("failures")) {
        b.healthFailures(parseInt("health", health.get("failures")));
      }
    }
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>(baseEnv);
    if (fields.containsKey("env")) {
      env.putAll(map("env", fields.get("env")));
    }
    if (profile != null && profiles.containsKey(profile)) {
      env.putAll(map("env_" + profile, profiles.get(profile)));
    }
    return env;
  }

  private Map<String, String> map(String field, Node node) {
    if (!(node instanceof MappingNode m)) {
      throw fail(node, field, "expected a mapping of NAME: value");
    }
    Map<String, String> out = new HashMap<>();
    for (NodeTuple t : m.getValue()) {
      out.put(EcosystemFile.scalar(file, t.getKeyNode(), field), EcosystemFile.scalar(file, t.getValueNode(),
          field + "." + ((ScalarNode) t.getKeyNode()).getValue()));
    }
    return out;
  }

  private String text(String field) {
    return EcosystemFile.scalar(file, fields.get(field), where + "." + field);
  }

  /** A list field: a YAML sequence, or one string split on spaces. */
  private List<String> list(String field) {
    Node node = fields.get(field);
    if (node instanceof SequenceNode seq) {
      return seq.getValue().stream().map(n -> EcosystemFile.scalar(file, n, where + "." + field)).toList();
    }
    String s = text(field).trim();
    return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
  }

  private boolean bool(String field) {
    String v = text(field);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw fail(fields.get(field), field, v + " (expected: true or false)");
  }

  private int integer(String field) {
    return parseInt(field, text(field));
  }

  private int parseInt(String field, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw fail(fields.get(field), field, v + " (expected: a whole number)");
    }
  }

  private String defaultName(String kind) {
    String target = kind.equals("command") ? list("command").get(0) : text(kind);
    String base = Path.of(target).getFileName().toString().replaceFirst("\\.[^.]*$", "");
    return base.replaceAll("[^A-Za-z0-9._-]", "-");
  }

  private ConfigException fail(Node node, String field, String problem) {
    return new ConfigException(file, EcosystemFile.line(node), where + "." + field + ": " + problem);
  }
}
