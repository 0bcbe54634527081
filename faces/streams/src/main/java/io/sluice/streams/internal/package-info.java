/** Implementation of the streams face; nothing here is API. */
package io.sluice.streams.internal;
