/**
 * {@code ./sluice session}: the command line of the sessions face (open, append, replace, delete,
 * store, get, kind, kinds, handle), each a call through the Java sessions client.
 */
package io.sluice.cli.session;
