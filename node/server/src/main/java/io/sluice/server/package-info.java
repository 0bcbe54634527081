/**
 * A Sluice node: its configuration ({@link io.sluice.server.NodeConfig}), its lifecycle ({@link
 * io.sluice.server.Node}: open the storage engine, start every face, serve the admin HTTP port),
 * and the admin face itself (health and Prometheus metrics).
 */
package io.sluice.server;
