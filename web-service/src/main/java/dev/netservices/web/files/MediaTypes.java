package dev.netservices.web.files;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;

/** Content-Type by file name from Spring's MediaTypeFactory, with {@code charset=utf-8} on text. */
public final class MediaTypes {

    private final Map<String, String> byExtension = new ConcurrentHashMap<>();

    public String of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return byExtension.computeIfAbsent(extension, e -> lookup(fileName));
    }

    private static String lookup(String fileName) {
        MediaType type = MediaTypeFactory.getMediaType(fileName).orElse(MediaType.APPLICATION_OCTET_STREAM);
        String subtype = type.getSubtype();
        boolean text = type.getType().equals("text") || subtype.equals("javascript") || subtype.equals("json")
                || subtype.equals("xml") || subtype.endsWith("+xml") || subtype.endsWith("+json");
        return text ? type.getType() + "/" + subtype + "; charset=utf-8" : type.getType() + "/" + subtype;
    }
}
