package dev.corral.gate.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads raw API answers in tests, for fields GateAdminClient does not expose. */
final class AdminTransportReply {
  private AdminTransportReply() {}

  /** The {@code zombies} count of upstream {@code app}. */
  static int zombies(AdminGate gate) {
    AdminTransport.Reply reply = AdminTransport.unix(gate.socket, GateAdminClient.TIMEOUT)
        .exchange("GET", "/api/9/http/upstreams/app", new byte[0]);
    try {
      return new ObjectMapper().readTree(reply.body()).path("zombies").asInt(-1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
