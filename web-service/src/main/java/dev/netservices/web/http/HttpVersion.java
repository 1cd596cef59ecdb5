package dev.netservices.web.http;

/** The two versions we speak; anything else is answered 505 (or 400 when it is not a version at all). */
public enum HttpVersion {
    HTTP_1_0("HTTP/1.0"),
    HTTP_1_1("HTTP/1.1");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
