package dev.corral.pm.daemon;

/**
 * Runs the daemon in this JVM: {@code java -cp … dev.corral.pm.daemon.DaemonMain}. The CLI uses its hidden
 * {@code daemon} subcommand instead; this entry point serves tests and embedders. The folder comes from
 * {@code $CORRAL_HOME} (default {@code ~/.corral}).
 */
public final class DaemonMain {
  private DaemonMain() {}

  public static void main(String[] args) {
    System.exit(new Daemon(CorralHome.fromEnvironment(System.getenv())).run());
  }
}
