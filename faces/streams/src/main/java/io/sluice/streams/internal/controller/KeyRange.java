package io.sluice.streams.internal.controller;

/** A routing-key range {@code [start, end)} within {@code [0, 1]}. Immutable. */
public record KeyRange(double start, double end) {}
