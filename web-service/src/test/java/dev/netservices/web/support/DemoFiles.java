package dev.netservices.web.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small site for tests: a page, a stylesheet, a folder with and one without an index, a 404 page. */
public final class DemoFiles {

    public static final String INDEX = "<!DOCTYPE html><html><body><h1>home</h1></body></html>\n";

    private DemoFiles() {
    }

    public static Path create(Path root) throws IOException {
        write(root.resolve("index.html"), INDEX);
        write(root.resolve("style.css"), "body { color: #123; }\n");
        write(root.resolve("data.json"), "{\"a\":1}\n");
        write(root.resolve("404.html"), "<html><body>custom not found</body></html>\n");
        write(root.resolve("docs/index.html"), "<html><body>docs</body></html>\n");
        write(root.resolve("docs/a file ü.txt"), "spaced\n");
        write(root.resolve("empty/readme.txt"), "no index here\n");
        write(root.resolve(".hidden"), "secret dot file\n");
        write(root.resolve("digits.txt"), "0123456789abcdefghij");
        return root;
    }

    public static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
