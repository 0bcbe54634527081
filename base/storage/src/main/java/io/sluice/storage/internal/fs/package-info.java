/**
 * File layers: the real file system behind {@link io.sluice.storage.FileLayer}, and the read
 * channels the engine keeps open between reads ({@link
 * io.sluice.storage.internal.fs.ReadChannels}).
 */
package io.sluice.storage.internal.fs;
