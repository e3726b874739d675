package dev.corral.pm.cluster;

import dev.corral.pm.process.AppSpec;
import java.nio.file.Path;

/**
 * The configuration of the gate in front of a cluster-mode app: nginx syntax, one upstream named after the app
 * whose members the daemon manages at run time through the gate's admin socket (so it starts empty, as an nginx
 * Plus upstream with a {@code zone} may), and one server on the app's port passing everything to it.
 *
 * <p>Choices, each for the app behind it rather than for nginx's defaults: no request body limit and hour-long
 * proxy timeouts (the app sees what it would see without a gate, as behind pm2); {@code proxy_next_upstream error
 * timeout}, so a request whose instance crashed before answering is retried on another; no access log (the app
 * logs its requests). Stateless.
 */
final class GateConfigFile {
  private GateConfigFile() {}

  /** The text of {@code gate.conf} for {@code app}, whose gate keeps its files in {@code dir}. */
  static String render(AppSpec app, Path dir, Path adminSocket) {
    String name = app.name();
    String balance = switch (app.lb()) {
      case "round_robin" -> "";
      case "least_conn" -> "    least_conn;\n";
      default -> "    least_request;\n";
    };
    return "# Written by corral for the cluster-mode app '" + name + "'; rewritten at each start of its gate.\n"
        + "worker_processes auto;\n"
        + "pid " + dir.resolve("gate.pid") + ";\n"
        + "error_log stderr notice;\n"
        + "admin_listen unix:" + adminSocket + ";\n"
        + "events {\n    worker_connections 16384;\n}\n"
        + "http {\n"
        + "  access_log off;\n"
        + "  upstream " + name + " {\n"
        + "    zone " + name + " 64k;\n"
        + balance
        + "    keepalive 64;\n"
        + "  }\n"
        + "  server {\n"
        + "    listen " + app.port() + " reuseport backlog=4096;\n"
        + "    client_max_body_size 0;\n"
        + "    location / {\n"
        + "      proxy_pass http://" + name + ";\n"
        + "      proxy_set_header Host $http_host;\n"
        + "      proxy_next_upstream error timeout;\n"
        + "      proxy_connect_timeout 5s;\n"
        + "      proxy_read_timeout 1h;\n"
        + "      proxy_send_timeout 1h;\n"
        + "    }\n"
        + "  }\n"
        + "}\n";
  }
}
