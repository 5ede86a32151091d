package io.roomgate.ws;

/** Protocol v1 accepts any 1.x version; another major version is refused. */
final class ProtocolVersion {

    private ProtocolVersion() {
    }

    static boolean isSupported(String version) {
        int dot = version.indexOf('.');
        String major = dot < 0 ? version : version.substring(0, dot);
        return major.equals("1");
    }
}
