package dev.plimsoll.notify.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Name resolution, injectable so that tests never look up or contact real hosts. */
@FunctionalInterface
public interface HostResolver {

    /** The addresses of {@code host} (a name, never a literal). */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The system resolver. */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
