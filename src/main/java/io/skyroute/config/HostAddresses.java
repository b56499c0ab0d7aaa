package io.skyroute.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether a host to bind to is loopback: anything else is reachable from the network and needs credentials. */
final class HostAddresses {

    private HostAddresses() {
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
