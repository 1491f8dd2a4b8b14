package dev.plimsoll.cost.serde;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Helpers for codecs: nullable strings and exact decimals. */
public final class Binary {

    private Binary() {}

    public static void writeNullableString(String s, DataOutputView out) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    public static String readNullableString(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /** A decimal as its scale and unscaled two's-complement bytes: exact. */
    public static void writeDecimal(BigDecimal d, DataOutputView out) throws IOException {
        byte[] unscaled = d.unscaledValue().toByteArray();
        out.writeInt(d.scale());
        out.writeShort(unscaled.length);
        out.write(unscaled);
    }

    public static BigDecimal readDecimal(DataInputView in) throws IOException {
        int scale = in.readInt();
        byte[] unscaled = new byte[in.readUnsignedShort()];
        in.readFully(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

    public static void writeNullableDecimal(BigDecimal d, DataOutputView out) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) {
            writeDecimal(d, out);
        }
    }

    public static BigDecimal readNullableDecimal(DataInputView in) throws IOException {
        return in.readBoolean() ? readDecimal(in) : null;
    }

    public static void writeBytes(byte[] b, DataOutputView out) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    public static byte[] readBytes(DataInputView in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
