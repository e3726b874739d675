package dev.corral.pm.state;

import dev.corral.pm.process.AppSpec;
import java.util.List;

/**
 * What {@code corral save} writes and {@code corral resurrect} starts again: the apps with their settings
 * (including the instance count). Immutable.
 *
 * @param version format version, {@link #FORMAT}
 * @param apps the saved apps, in start order
 */
public record Dump(int version, List<AppSpec> apps) {
  public static final int FORMAT = 1;

  public Dump {
    apps = List.copyOf(apps);
  }
}
