package dev.corral.pm.process;

/**
 * Makes the fronts of cluster-mode apps: the gate process's spec (its configuration written where it will run)
 * and the {@link ClusterFront} that drives it.
 */
public interface ClusterFronts {
  /**
   * The spec of the gate in front of {@code app} ({@code exec_mode gate}, same name and namespace), after writing
   * what it needs to start.
   *
   * @throws dev.corral.pm.PmException if the gate cannot be prepared (a folder cannot be written)
   */
  AppSpec gateSpec(AppSpec app);

  /** The front of {@code app}; the same object for the same app name until it is closed. */
  ClusterFront front(AppSpec app);

  /** Fronts for a supervisor that refuses cluster mode (tests of fork mode, embedders without a gate). */
  static ClusterFronts unavailable() {
    return new ClusterFronts() {
      @Override
      public AppSpec gateSpec(AppSpec app) {
        throw new dev.corral.pm.PmException("cluster mode is not available in this supervisor");
      }

      @Override
      public ClusterFront front(AppSpec app) {
        throw new dev.corral.pm.PmException("cluster mode is not available in this supervisor");
      }
    };
  }
}
