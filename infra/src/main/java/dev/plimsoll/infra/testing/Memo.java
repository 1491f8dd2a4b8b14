package dev.plimsoll.infra.testing;

import java.util.function.Supplier;

/**
 * Computes a value once. A failure is remembered too: later calls fail at once with the original
 * error as cause instead of starting the service again (a broken service would otherwise be
 * retried, slowly, by every test of the run).
 */
final class Memo<T> {

    private final String what;
    private final Supplier<T> supplier;
    private T value;
    private RuntimeException failure;

    Memo(String what, Supplier<T> supplier) {
        this.what = what;
        this.supplier = supplier;
    }

    synchronized T get() {
        if (value != null) {
            return value;
        }
        if (failure != null) {
            throw new IllegalStateException(
                    what + " failed to start earlier in this JVM: " + failure.getMessage(),
                    failure);
        }
        try {
            value = supplier.get();
            return value;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }
}
