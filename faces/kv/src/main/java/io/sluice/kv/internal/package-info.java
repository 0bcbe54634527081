/** Implementation of the KV face; nothing here is API. */
package io.sluice.kv.internal;
