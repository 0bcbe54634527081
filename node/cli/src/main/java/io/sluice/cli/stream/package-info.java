/**
 * {@code ./sluice stream}: scopes and streams of a node's streams face from the command line
 * (create, list, describe, scale, seal, delete; write events from stdin; read them), speaking the
 * controller gRPC API and the segment-store wire protocol directly.
 */
package io.sluice.cli.stream;
