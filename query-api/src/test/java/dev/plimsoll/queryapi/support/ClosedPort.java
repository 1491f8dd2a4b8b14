package dev.plimsoll.queryapi.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A loopback port nobody listens on: a ClickHouse that is down. */
public final class ClosedPort {

    private ClosedPort() {}

    /** A JDBC URL pointing at a port that was free a moment ago and is closed now. */
    public static String clickHouseUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "jdbc:clickhouse://127.0.0.1:"
                    + socket.getLocalPort()
                    + "/plimsoll?compress=false";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
