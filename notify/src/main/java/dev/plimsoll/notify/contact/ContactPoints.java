package dev.plimsoll.notify.contact;

import java.util.Optional;

/** Looks up contact points by name (the current definition, wherever it is kept). */
@FunctionalInterface
public interface ContactPoints {

    Optional<ContactPoint> find(String name);
}
