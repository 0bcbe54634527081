/**
 * The Java client of the sessions face: {@link io.sluice.sessions.client.SessionsClient} opens
 * sessions and registers handlers; a {@link io.sluice.sessions.client.Session} appends, replaces,
 * deletes or stores one session; errors are {@link io.sluice.sessions.client.SessionsException}
 * with a {@link io.sluice.sessions.client.SessionsError} code. The wire protocol is {@code
 * sluice.sessions.v1} ({@code src/main/proto/sluice/sessions/v1/sessions.proto}), whose generated
 * stubs live in {@code io.sluice.sessions.v1}.
 */
package io.sluice.sessions.client;
