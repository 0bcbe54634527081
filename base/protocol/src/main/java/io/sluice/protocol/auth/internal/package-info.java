/** Implementation details of the auth package: the small JSON used inside tokens. */
package io.sluice.protocol.auth.internal;
