package dev.plimsoll.infra.testing;

/** A started service and how to stop it. */
record Started<T>(T service, AutoCloseable stop) {}
