/**
 * nginx's server-side includes ({@code ngx_http_ssi_module}), being built: {@link dev.corral.gate.http.ssi.SsiParser}
 * finds {@code <!--# command param="value" -->} tags in a response body that arrives in any number of chunks, and
 * {@link dev.corral.gate.http.ssi.SsiCommands} checks a command's name and parameters against nginx's table. The
 * response filter that runs the commands and the subrequest seam it needs are described in docs/architecture.md.
 */
package dev.corral.gate.http.ssi;
