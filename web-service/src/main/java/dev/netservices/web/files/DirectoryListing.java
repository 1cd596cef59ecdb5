package dev.netservices.web.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriUtils;

import dev.netservices.common.root.ConfinedRoot;
import dev.netservices.web.http.Response;
import dev.netservices.web.http.Status;

/** An HTML list of a folder's visible entries; only used when {@code web.directory-listing} is on. */
final class DirectoryListing {

    private static final int MAX_ENTRIES = 1000;

    private DirectoryListing() {
    }

    private static boolean insideRoot(ConfinedRoot root, Path entry) {
        try {
            return entry.toRealPath().startsWith(root.root());
        } catch (IOException e) {
            return false;
        }
    }

    static Response render(ConfinedRoot root, Path directory, String rawPath) {
        List<String> names = new ArrayList<>();
        boolean truncated = false;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".") || !insideRoot(root, entry)) {
                    continue; // hidden, dangling, or a symlink leading out: not ours to show
                }
                if (names.size() == MAX_ENTRIES) {
                    truncated = true;
                    break;
                }
                names.add(Files.isDirectory(entry) ? name + "/" : name);
            }
        } catch (IOException e) {
            return Response.error(Status.FORBIDDEN, "the folder cannot be read");
        }
        names.sort(String::compareTo);
        String title = HtmlUtils.htmlEscape(rawPath, "UTF-8");
        StringBuilder html = new StringBuilder(256 + names.size() * 64);
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Index of ").append(title)
                .append("</title></head>\n<body><h1>Index of ").append(title).append("</h1>\n<ul>\n");
        if (!rawPath.equals("/")) {
            html.append("<li><a href=\"../\">../</a></li>\n");
        }
        for (String name : names) {
            html.append("<li><a href=\"").append(UriUtils.encodePathSegment(name.replace("/", ""), StandardCharsets.UTF_8))
                    .append(name.endsWith("/") ? "/" : "").append("\">").append(HtmlUtils.htmlEscape(name, "UTF-8"))
                    .append("</a></li>\n");
        }
        html.append("</ul>\n");
        if (truncated) {
            html.append("<p>Only the first ").append(MAX_ENTRIES).append(" entries are shown.</p>\n");
        }
        html.append("</body></html>\n");
        return Response.of(Status.OK, "text/html; charset=utf-8", html.toString().getBytes(StandardCharsets.UTF_8));
    }
}
