package dev.corral.pm.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which environment variables look secret, and their masked copies: a name containing {@code PASSWORD},
 * {@code SECRET}, {@code TOKEN}, {@code KEY} or {@code CREDENTIAL} (case-insensitive) shows as {@link #MASK}. A
 * variable named e.g. {@code MONKEY} is masked too: a false alarm costs a look at {@code corral env}, a miss leaks
 * a secret. Stateless.
 */
public final class Secrets {
  /** What a secret value shows as. */
  public static final String MASK = "********";
  private static final List<String> MARKERS = List.of("PASSWORD", "SECRET", "TOKEN", "KEY", "CREDENTIAL");

  private Secrets() {}

  /** Whether a variable of this name holds a secret. */
  public static boolean looksSecret(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return MARKERS.stream().anyMatch(upper::contains);
  }

  /** The variables sorted by name, secret values replaced by {@link #MASK}. */
  public static Map<String, String> masked(Map<String, String> env) {
    Map<String, String> out = new TreeMap<>();
    env.forEach((k, v) -> out.put(k, looksSecret(k) ? MASK : v));
    return out;
  }
}
