/**
 * The controller's logic as plain Java, free of gRPC: scopes, streams, scaling, truncation and
 * retention, transactions, reader groups and key-value tables, acting on the storage engine.
 */
package io.sluice.streams.internal.controller;
