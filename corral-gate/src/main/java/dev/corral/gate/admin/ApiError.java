package dev.corral.gate.admin;

/**
 * A request the runtime API refuses: the HTTP status, nginx Plus's error code ({@code UpstreamNotFound},
 * {@code UpstreamServerNotFound}, {@code UpstreamConfFormatError} …) and one line naming the culprit. Thrown by the
 * API's handlers and turned into the JSON error body by {@link AdminApi}; never leaves the package.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final String code;

  ApiError(int status, String code, String text) {
    super(text, null, false, false);
    this.status = status;
    this.code = code;
  }

  static ApiError badField(String text) {
    return new ApiError(400, "UpstreamConfFormatError", text);
  }
}
