/**
 * Pieces of the {@code sluice.sessions.v1} wire encoding shared by the Java client and the node's
 * sessions face.
 */
package io.sluice.sessions.wire;
