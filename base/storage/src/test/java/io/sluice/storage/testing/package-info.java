/**
 * Test support shipped in the storage module's test jar: an in-memory file layer that models power
 * loss, a fault-injecting file layer, and a manual clock.
 */
package io.sluice.storage.testing;
