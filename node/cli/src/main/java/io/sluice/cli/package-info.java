/**
 * The {@code sluice} command line: {@link io.sluice.cli.SluiceCli} and its subcommands, one per
 * face in its own subpackage.
 */
package io.sluice.cli;
