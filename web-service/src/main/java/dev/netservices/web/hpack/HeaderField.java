package dev.netservices.web.hpack;

/**
 * One field as HPACK carries it: a lowercase name (pseudo-headers start with ':') and a value, both
 * ISO-8859-1 strings of the octets on the wire.
 */
public record HeaderField(String name, String value) {

    /** RFC 7541 4.1: the size an entry takes in a dynamic table, and a field in a header list. */
    public int size() {
        return name.length() + value.length() + 32;
    }
}
