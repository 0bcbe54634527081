/** Helpers for system tests that run a whole node as a separate process. */
package io.sluice.systests;
