/** Test doubles for the streams face: an in-memory storage engine and a manual clock. */
package io.sluice.streams.testing;
