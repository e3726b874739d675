package dev.corral.pm.web;

import dev.corral.pm.process.InstanceView;

/**
 * One instance as the dashboard's page receives it: everything {@code corral list} shows and nothing of its
 * settings — in particular not its environment, which the page asks for separately, one app at a time, masked.
 * Immutable.
 */
record InstanceRow(int id, String name, String namespace, int index, String mode, long pid, String status,
    long uptimeMs, int restarts, int lastExitCode, double cpuPercent, long memoryBytes, int port) {

  static InstanceRow of(InstanceView v) {
    return new InstanceRow(v.id(), v.name(), v.namespace(), v.index(), v.mode(), v.pid(), v.status(), v.uptimeMs(),
        v.restarts(), v.lastExitCode(), v.cpuPercent(), v.memoryBytes(), v.port());
  }
}
