package dev.corral.pm.process;

import java.util.List;

/**
 * Everything the supervisor needs to take over after its daemon died: the apps and their instances. Written by
 * the daemon on every change (debounced) and deleted on a clean shutdown. Immutable.
 *
 * @param version format version, {@link #FORMAT}
 * @param apps the apps' settings
 * @param instances their instances
 */
public record SupervisorState(int version, List<AppSpec> apps, List<InstanceRecord> instances) {
  public static final int FORMAT = 1;

  public SupervisorState {
    apps = List.copyOf(apps);
    instances = List.copyOf(instances);
  }
}
