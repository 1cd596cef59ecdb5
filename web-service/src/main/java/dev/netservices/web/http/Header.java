package dev.netservices.web.http;

/** One header field as received or sent; names compare case-insensitively. */
public record Header(String name, String value) {

    public boolean is(String otherName) {
        return name.equalsIgnoreCase(otherName);
    }
}
