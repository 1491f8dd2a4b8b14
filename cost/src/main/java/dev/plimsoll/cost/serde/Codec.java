package dev.plimsoll.cost.serde;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.io.Serializable;

/**
 * The binary form of one type of the job's records or state, written by hand rather than left to
 * Kryo: compact, exact (decimals as unscaled value and scale), and stable across versions of Flink.
 * Implementations have a public no-argument constructor (the serializer snapshot restores them by
 * class name) and are stateless.
 */
public interface Codec<T> extends Serializable {

    /** The type written. */
    Class<T> type();

    void write(T value, DataOutputView out) throws IOException;

    T read(DataInputView in) throws IOException;

    /** Whether values are immutable (copies may share them). */
    default boolean immutable() {
        return true;
    }

    /** A deep copy of a mutable value; immutable values are returned as they are. */
    default T copy(T value) {
        return value;
    }
}
