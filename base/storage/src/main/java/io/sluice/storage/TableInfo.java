package io.sluice.storage;

/**
 * What a table segment looks like at one moment. Immutable.
 *
 * @param name the table's name
 * @param keyCount live keys
 * @param lastVersion the position of the latest change (0 if none)
 */
public record TableInfo(String name, long keyCount, long lastVersion) {}
