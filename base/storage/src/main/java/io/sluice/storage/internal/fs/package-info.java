/** File layers: the real file system behind {@link io.sluice.storage.FileLayer}. */
package io.sluice.storage.internal.fs;
