package dev.corral.gate.admin;

/**
 * One HTTP request to the runtime API, as read off the connection.
 *
 * @param path the decoded path without the query string
 * @param body the request body (empty without one)
 * @param accept the {@code Accept} header, null without one
 */
record AdminRequest(String method, String path, byte[] body, String accept) {}
