package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables one configuration defines ({@code set}, {@code map}, named captures), found by a pass over the
 * whole directive tree before anything is compiled — nginx knows them all before it checks any use, so a
 * {@code $var} may be used above the {@code set} that defines it. While a configuration is compiled, the table is
 * the compiling thread's {@link #current()} (so that {@link Template#compile} sees it without every compiler
 * passing it on). Not thread-safe; one table per compilation.
 */
public final class UserVariables {
  private static final ThreadLocal<UserVariables> CURRENT = new ThreadLocal<>();
  private static final UserVariables NONE = new UserVariables();
  /** A named group as PCRE writes it: (?<name>, (?'name' or (?P<name>. */
  private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')");

  private final Map<String, UserVariable> byName = new HashMap<>();
  private final List<UserVariable> all = new ArrayList<>();

  /** The table of the configuration being compiled on this thread, or an empty one. */
  static UserVariables current() {
    UserVariables t = CURRENT.get();
    return t == null ? NONE : t;
  }

  /** Collects the variables {@code tree} defines and makes them {@link #current()} until {@link #close()}. */
  static UserVariables open(List<Directive> tree) {
    UserVariables table = new UserVariables();
    table.scan(tree);
    CURRENT.set(table);
    return table;
  }

  /** Ends this table's compilation on this thread. */
  void close() {
    CURRENT.remove();
  }

  private void scan(List<Directive> directives) {
    for (Directive d : directives) {
      switch (d.name()) {
        case "set" -> {
          if (!d.args().isEmpty() && d.arg(0).startsWith("$") && !Variable.isBuiltIn(d.arg(0).substring(1))) {
            define(d.arg(0).substring(1));
          }
        }
        case "map" -> {
          if (d.args().size() == 2 && d.arg(1).startsWith("$")) {
            define(d.arg(1).substring(1));
          }
          for (Directive entry : d.children()) {
            namedGroups(entry.name());
          }
        }
        default -> {
          for (String arg : d.args()) {
            namedGroups(arg);
          }
        }
      }
      scan(d.children());
    }
  }

  private void namedGroups(String text) {
    if (text.indexOf("(?") < 0) {
      return;
    }
    Matcher m = NAMED_GROUP.matcher(text);
    while (m.find()) {
      define(m.group(1) != null ? m.group(1) : m.group(2));
    }
  }

  /** The variable {@code name}, created if new. */
  UserVariable define(String name) {
    String key = name.toLowerCase(java.util.Locale.ROOT);
    return byName.computeIfAbsent(key, k -> {
      UserVariable v = new UserVariable(k, all.size());
      all.add(v);
      return v;
    });
  }

  /** The variable {@code name} (lower-cased), or null. */
  UserVariable find(String name) {
    return byName.get(name);
  }

  /** How many there are: the length of a request's array of user values. */
  public int size() {
    return all.size();
  }
}
