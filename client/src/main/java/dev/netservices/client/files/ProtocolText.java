package dev.netservices.client.files;

import java.security.MessageDigest;
import java.util.HexFormat;

import dev.netservices.client.terminal.ServerText;

/** The small pieces of protocol text: a name quoted for a command line, a reply's words, a digest in hex. */
final class ProtocolText {

    private ProtocolText() {
    }

    static String words(String reply) { // "OK deleted a.txt" -> "deleted a.txt", fit to print
        return ServerText.shown(reply.length() > 3 ? reply.substring(3) : reply);
    }

    static String quoted(String name) {
        if (name.indexOf(' ') < 0 && !name.startsWith("\"")) {
            return name;
        }
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
