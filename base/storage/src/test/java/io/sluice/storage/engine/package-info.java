/** Tests of the storage engine through its public API, on in-memory and fault-injecting files. */
package io.sluice.storage.engine;
